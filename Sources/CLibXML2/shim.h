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
#include <libxml/parserInternals.h>
#include <libxml/HTMLparser.h>
#include <string.h>

/* LIBXML_DOTTED_VERSION is a macro Swift cannot import. */
static inline const char *oilcat_libxml_dotted_version(void) { return LIBXML_DOTTED_VERSION; }

/* A push parser that reports to `sax` (a copy is taken), the parser options set, and, when `encoding` is not NULL,
   decoding with that encoding (together with XML_PARSE_IGNORE_ENC, the declaration is then not obeyed). Encoding
   handlers stay on this side: Swift must not see xmlCharEncodingHandler (see above).
   Every callback and error report receives the parser itself (libxml2 hands some reports the parser even when a
   user data pointer is given); `owner` is kept in the parser's `_private` field, see oilcat_parser_owner. */
static inline xmlParserCtxtPtr oilcat_push_parser(
    xmlSAXHandlerPtr sax, void *owner, const char *name, const char *encoding, int options) {
    xmlParserCtxtPtr parser = xmlCreatePushParserCtxt(sax, NULL, NULL, 0, name);
    if (parser == NULL) return NULL;
    parser->_private = owner;
    xmlCtxtUseOptions(parser, options);
    if (encoding != NULL) {
        xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler(encoding);
        if (handler == NULL || xmlSwitchToEncoding(parser, handler) != 0) {
            xmlFreeParserCtxt(parser);
            return NULL;
        }
    }
    return parser;
}

/* The `owner` given to oilcat_push_parser, from the context a callback receives. */
static inline void *oilcat_parser_owner(void *context) {
    return context == NULL ? NULL : ((xmlParserCtxtPtr)context)->_private;
}

/* A SAX2 handler with every callback unset. */
static inline void oilcat_sax2_handler_init(xmlSAXHandler *sax) {
    memset(sax, 0, sizeof(*sax));
    sax->initialized = XML_SAX2_MAGIC;
}

/* The parser's line and column: inside a start-element callback, where the start tag ends. */
static inline long oilcat_parser_line(xmlParserCtxtPtr parser) {
    return parser->input == NULL ? 0 : parser->input->line;
}
static inline long oilcat_parser_column(xmlParserCtxtPtr parser) {
    return parser->input == NULL ? 0 : parser->input->col;
}

/* Inside a start-element callback, whether the tag is written <empty/>: libxml2 calls back with its cursor on the
   tag's closing "/>" or ">" (and then, for "/>", calls the end-element callback at once). */
static inline int oilcat_parser_at_empty_tag_end(xmlParserCtxtPtr parser) {
    if (parser->input == NULL || parser->input->cur == NULL) return 0;
    return parser->input->cur[0] == '/' && parser->input->cur[1] == '>';
}

#endif
