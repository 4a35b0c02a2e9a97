import CLibXML2
import Foundation

/// A page's structure as a browser's parser sees it: every element, in document order, with the names of its
/// attributes. libxml2's HTML parser recovers from broken markup the way browsers do, so markup smuggled in by a
/// value shows up here as an element or attribute the template does not have.
struct HTMLStructure: Equatable, CustomStringConvertible {
    var elements: [String]

    init(_ html: String) {
        var elements: [String] = []
        let bytes = Array(html.utf8)
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), "page.html", "UTF-8", options)
            }
        }
        defer { xmlFreeDoc(document) }
        func walk(_ node: xmlNodePtr?) {
            var node = node
            while let current = node {
                if current.pointee.type == XML_ELEMENT_NODE {
                    let name = String(cString: current.pointee.name)
                    var attributes: [String] = []
                    var attribute = current.pointee.properties
                    while let a = attribute {
                        attributes.append(String(cString: a.pointee.name))
                        attribute = a.pointee.next
                    }
                    elements.append(name + (attributes.isEmpty ? "" : "[" + attributes.joined(separator: " ") + "]"))
                }
                walk(current.pointee.children)
                node = current.pointee.next
            }
        }
        walk(document.flatMap { xmlDocGetRootElement($0) })
        self.elements = elements
    }

    var description: String { elements.joined(separator: " ") }

    /// The elements (with attributes) that `other` has and this structure does not, counting repeats.
    func added(in other: HTMLStructure) -> [String] {
        var counts: [String: Int] = [:]
        for element in elements { counts[element, default: 0] += 1 }
        var added: [String] = []
        for element in other.elements {
            if let count = counts[element], count > 0 { counts[element] = count - 1 } else { added.append(element) }
        }
        return added
    }
}
