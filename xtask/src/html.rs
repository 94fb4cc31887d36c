//! An HTML page as a tree, parsed by html5ever (the parser browsers'
//! HTML5 rules describe, and the one the `scraper` crate wraps): the
//! elements by name, each node's children, an element's descendants and a
//! text's words. It keeps what reading the page's table needs, and builds
//! the tree as scraper did (the same tree for the same page), without the
//! CSS selector engine and its dependencies, which no reader here needs.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// A parsed page: its nodes in the order the parser made them.
#[derive(Debug)]
pub struct Document {
    nodes: Vec<NodeData>,
}

#[derive(Debug)]
struct NodeData {
    parent: Option<usize>,
    children: Vec<usize>,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Document,
    Element(QualName),
    Text(String),
    /// A comment, a doctype, a processing instruction, or a template's
    /// contents.
    Other,
}

/// A node of a `Document`.
#[derive(Debug, Clone, Copy)]
pub struct Node<'a> {
    document: &'a Document,
    id: usize,
}

impl Document {
    /// Parses `text` as a whole page, as a browser does: implied and
    /// misnested tags are resolved by the HTML5 rules, never refused.
    pub fn parse(text: &str) -> Document {
        html5ever::parse_document(Builder::default(), Default::default()).one(text)
    }

    /// The elements named `name` that are in a tree, in the order the parser
    /// made them (the order of their start tags).
    pub fn elements<'a>(&'a self, name: &'a str) -> impl Iterator<Item = Node<'a>> + 'a {
        (0..self.nodes.len())
            .map(|id| Node { document: self, id })
            .filter(move |node| node.name() == Some(name) && node.data().parent.is_some())
    }
}

impl<'a> Node<'a> {
    fn data(&self) -> &'a NodeData {
        &self.document.nodes[self.id]
    }

    /// An element's local name (`td`, `br`, …); `None` for other nodes.
    pub fn name(&self) -> Option<&'a str> {
        match &self.data().kind {
            Kind::Element(name) => Some(&name.local),
            _ => None,
        }
    }

    /// A text node's text; `None` for other nodes.
    pub fn text(&self) -> Option<&'a str> {
        match &self.data().kind {
            Kind::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The node's children, in order.
    pub fn children(&self) -> impl Iterator<Item = Node<'a>> + 'a {
        let document = self.document;
        self.data()
            .children
            .iter()
            .map(move |&id| Node { document, id })
    }

    /// The node's descendants, in document order (each node before its
    /// children), without the node itself.
    pub fn descendants(&self) -> impl Iterator<Item = Node<'a>> + 'a {
        let document = self.document;
        let mut stack: Vec<usize> = self.data().children.iter().rev().copied().collect();
        std::iter::from_fn(move || {
            let id = stack.pop()?;
            stack.extend(document.nodes[id].children.iter().rev());
            Some(Node { document, id })
        })
    }
}

/// Builds a `Document` from what html5ever's tree builder asks for.
struct Builder {
    document: RefCell<Document>,
}

impl Default for Builder {
    fn default() -> Builder {
        Builder {
            document: RefCell::new(Document {
                nodes: vec![NodeData {
                    parent: None,
                    children: Vec::new(),
                    kind: Kind::Document,
                }],
            }),
        }
    }
}

impl Document {
    fn push(&mut self, kind: Kind) -> usize {
        self.nodes.push(NodeData {
            parent: None,
            children: Vec::new(),
            kind,
        });
        self.nodes.len() - 1
    }

    fn detach(&mut self, id: usize) {
        if let Some(parent) = self.nodes[id].parent.take() {
            self.nodes[parent].children.retain(|&child| child != id);
        }
    }

    /// Inserts `child` (in no tree), or `text` (joined to a text node just
    /// before it), into `parent`'s children at `at`.
    fn insert(&mut self, parent: usize, at: usize, child: NodeOrText<usize>) {
        match child {
            NodeOrText::AppendNode(id) => {
                self.nodes[id].parent = Some(parent);
                self.nodes[parent].children.insert(at, id);
            }
            NodeOrText::AppendText(text) => {
                let before = at.checked_sub(1).map(|i| self.nodes[parent].children[i]);
                if let Some(Kind::Text(existing)) = before.map(|id| &mut self.nodes[id].kind) {
                    existing.push_str(&text);
                    return;
                }
                let id = self.push(Kind::Text(text.to_string()));
                self.nodes[id].parent = Some(parent);
                self.nodes[parent].children.insert(at, id);
            }
        }
    }
}

impl TreeSink for Builder {
    type Handle = usize;
    type Output = Document;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Document {
        self.document.into_inner()
    }

    fn parse_error(&self, _message: Cow<'static, str>) {}

    fn get_document(&self) -> usize {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a usize) -> Ref<'a, QualName> {
        Ref::map(self.document.borrow(), |document| {
            match &document.nodes[*target].kind {
                Kind::Element(name) => name,
                _ => unreachable!("the tree builder asks only elements' names"),
            }
        })
    }

    /// A template element gets its contents as its first child, which the
    /// tree builder fills.
    fn create_element(
        &self,
        name: QualName,
        _attrs: Vec<Attribute>,
        _flags: ElementFlags,
    ) -> usize {
        let template = &*name.local == "template" && &*name.ns == HTML_NAMESPACE;
        let mut document = self.document.borrow_mut();
        let id = document.push(Kind::Element(name));
        if template {
            let contents = document.push(Kind::Other);
            document.insert(id, 0, NodeOrText::AppendNode(contents));
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> usize {
        self.document.borrow_mut().push(Kind::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> usize {
        self.document.borrow_mut().push(Kind::Other)
    }

    fn append(&self, parent: &usize, child: NodeOrText<usize>) {
        let mut document = self.document.borrow_mut();
        if let NodeOrText::AppendNode(id) = child {
            document.detach(id);
        }
        let at = document.nodes[*parent].children.len();
        document.insert(*parent, at, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &usize,
        prev_element: &usize,
        child: NodeOrText<usize>,
    ) {
        if self.document.borrow().nodes[*element].parent.is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(
        &self,
        _name: StrTendril,
        _public: StrTendril,
        _system: StrTendril,
    ) {
        let mut document = self.document.borrow_mut();
        let doctype = document.push(Kind::Other);
        let at = document.nodes[0].children.len();
        document.insert(0, at, NodeOrText::AppendNode(doctype));
    }

    fn get_template_contents(&self, target: &usize) -> usize {
        self.document.borrow().nodes[*target].children[0]
    }

    fn same_node(&self, x: &usize, y: &usize) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    /// Does nothing when `sibling` is in no tree.
    fn append_before_sibling(&self, sibling: &usize, new_node: NodeOrText<usize>) {
        let mut document = self.document.borrow_mut();
        if let NodeOrText::AppendNode(id) = new_node {
            document.detach(id);
        }
        let Some(parent) = document.nodes[*sibling].parent else {
            return;
        };
        let at = document.nodes[parent]
            .children
            .iter()
            .position(|&child| child == *sibling)
            .expect("a child of its parent");
        document.insert(parent, at, new_node);
    }

    fn add_attrs_if_missing(&self, _target: &usize, _attrs: Vec<Attribute>) {}

    fn remove_from_parent(&self, target: &usize) {
        self.document.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &usize, new_parent: &usize) {
        let mut document = self.document.borrow_mut();
        let children = std::mem::take(&mut document.nodes[*node].children);
        for &child in &children {
            document.nodes[child].parent = Some(*new_parent);
        }
        document.nodes[*new_parent].children.extend(children);
    }
}
