//! Reading the table, in stages, one module each: [`text`] (bytes to text),
//! [`header`], [`rows`] (each row's cells, with [`garbled`] and [`date`]),
//! [`across`] (rules across rows), put together by [`table`]; and
//! [`page_copy`], the date of the copy of Zalo's page kept beside it.

pub mod across;
pub mod date;
pub mod garbled;
pub mod header;
pub mod page_copy;
pub mod rows;
pub mod table;
pub mod text;
