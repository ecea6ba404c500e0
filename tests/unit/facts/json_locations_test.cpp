// Positions of JSON values, for errors that point at what is wrong.
#include "facts/JsonLocations.h"

#include <gtest/gtest.h>

namespace parready {
namespace {

std::pair<unsigned, unsigned> pair(TextPosition position) { return {position.line, position.column}; }

TEST(JsonLocations, ValuesAndKeysByPointer) {
  JsonLocations where("{\n"
                      "  \"rules\": {\"a/b\": \"off\", \"x~y\": [1, {\"k\": true}]},\n"
                      "  \"esc\\\"aped\": \"v\"\n"
                      "}");
  EXPECT_EQ(pair(where.value("")), std::make_pair(1u, 1u));
  EXPECT_EQ(pair(where.key("/rules")), std::make_pair(2u, 3u));
  EXPECT_EQ(pair(where.value("/rules")), std::make_pair(2u, 12u));
  EXPECT_EQ(pair(where.value("/rules/a~1b")), std::make_pair(2u, 20u)) << "'/' escaped as ~1";
  EXPECT_EQ(pair(where.value("/rules/x~0y/1/k")), std::make_pair(2u, 44u)) << "'~' escaped as ~0";
  EXPECT_EQ(pair(where.key("/rules/x~0y/1")), std::make_pair(2u, 38u)) << "an element has no key: its value";
  EXPECT_EQ(pair(where.key("/esc\"aped")), std::make_pair(3u, 3u));
  EXPECT_EQ(pair(where.value("/rules/missing/deeper")), std::make_pair(2u, 12u)) << "the nearest ancestor";
  EXPECT_EQ(pointerSegment("a/b~c"), "a~1b~0c");
}

TEST(JsonLocations, SyntaxErrorsAndSuggestions) {
  EXPECT_EQ(syntaxError("c.json", "{\n  \"a\": ,\n}", 9,
                        "[json.exception.parse_error.101] parse error at line 2, column 8: syntax error\nwhile parsing"),
            "c.json:2:8: error: syntax error while parsing");
  EXPECT_EQ(didYouMean("rule", {"rules", "runner", "tests"}), " (did you mean 'rules'?)");
  EXPECT_EQ(didYouMean("of", {"on", "off"}), " (did you mean 'off'?)") << "of equally close names, the longer spelling";
  EXPECT_EQ(didYouMean("completely-different", {"rules", "tests"}), "");
}

} // namespace
} // namespace parready
