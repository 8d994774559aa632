#if canImport(FoundationXML)
import FoundationXML
import Foundation
#else
import Foundation
#endif

/// A small element tree parsed from an S3 XML answer with Foundation's `XMLParser`.
///
/// S3 answers are small (a list page, an error, an upload id), so the whole document is
/// parsed into a tree and read by element names, ignoring namespaces, unknown elements and
/// their order. That keeps the readers robust against servers that add elements (MinIO, Ceph
/// RGW) or send them in another order. External entities are never resolved.
struct S3XMLNode: Sendable {
    /// The element's local name (any namespace prefix removed).
    var name: String
    /// The element's text content (concatenated character data and CDATA), untrimmed.
    var text: String
    /// Child elements in document order.
    var children: [S3XMLNode]

    /// The first child named `name`.
    func child(_ name: String) -> S3XMLNode? { children.first { $0.name == name } }

    /// Every child named `name`.
    func children(_ name: String) -> [S3XMLNode] { children.filter { $0.name == name } }

    /// The text of the first child named `name`, trimmed of surrounding white space.
    func value(_ name: String) -> String? { child(name).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) } }

    /// Parses `bytes`; returns the root element, or `nil` when the bytes are not well-formed XML.
    static func parse(_ bytes: [UInt8]) -> S3XMLNode? {
        guard !bytes.isEmpty else { return nil }
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        let builder = TreeBuilder()
        parser.delegate = builder
        guard parser.parse(), builder.stack.isEmpty, let root = builder.root else { return nil }
        return root
    }

    /// The `XMLParser` delegate that assembles the tree.
    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [S3XMLNode] = []
        var root: S3XMLNode?

        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            stack.append(S3XMLNode(name: local, text: "", children: []))
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            guard let node = stack.popLast() else { return }
            if stack.isEmpty {
                root = node
            } else {
                stack[stack.count - 1].children.append(node)
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
        }
    }
}
