#ifndef OILCATALOGUE_CLIBXML2_SHIM_H
#define OILCATALOGUE_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, and Foundation ships its own ICU headers: a module that imports Foundation
   and can see both fails a clean build with "'UErrorCode' has different definitions in different modules".
   Hiding libxml2's ICU declarations avoids it; never touch xmlCharEncodingHandler from Swift. */
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

/* LIBXML_DOTTED_VERSION is a macro Swift cannot import. */
static inline const char *oilcat_libxml_dotted_version(void) { return LIBXML_DOTTED_VERSION; }

/* Whether the node the reader is on is a document type declaration that declares entities (general or
   parameter). Supplier feeds have no business declaring entities: they are how XXE and billion-laughs work. */
static inline int oilcat_reader_declares_entities(xmlTextReaderPtr reader) {
    xmlNodePtr node = xmlTextReaderCurrentNode(reader);
    if (node == NULL || node->type != XML_DTD_NODE) return 0;
    xmlDtdPtr dtd = (xmlDtdPtr)node;
    return dtd->entities != NULL || dtd->pentities != NULL;
}

/* The source line of the node the reader is on (the start tag for an element), or 0. */
static inline long oilcat_reader_node_line(xmlTextReaderPtr reader) {
    xmlNodePtr node = xmlTextReaderCurrentNode(reader);
    return node == NULL ? 0 : xmlGetLineNo(node);
}

/* xmlTextReaderNodeType, without the look-up it does for every white-space text node: whether an ancestor says
   xml:space="preserve" (a walk to the root, attribute by attribute), which only separates significant from
   insignificant white space — a difference the reader's callers do not make. */
static inline int oilcat_reader_node_type(xmlTextReaderPtr reader) {
    xmlNodePtr node = xmlTextReaderCurrentNode(reader);
    if (node != NULL && node->type == XML_TEXT_NODE) {
        return xmlIsBlankNode(node) ? XML_READER_TYPE_WHITESPACE : XML_READER_TYPE_TEXT;
    }
    return xmlTextReaderNodeType(reader);
}

#endif
