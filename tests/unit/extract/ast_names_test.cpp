// AstNames: how declarations and calls are named in the facts and catalogs.
#include "extract/AstNames.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

namespace parready {
namespace {

using namespace clang::ast_matchers;

class AstNamesTest : public ::testing::Test {
protected:
  void parse(const std::string &code) {
    Unit = clang::tooling::buildASTFromCodeWithArgs(
        code, {"-std=c++17", "-resource-dir=" + std::string(PARREADY_DEFAULT_RESOURCE_DIR)}, "/virtual/names.cpp");
    ASSERT_TRUE(Unit);
  }
  /// The first node in the main file that `matcher` matches (a template's
  /// members match in the pattern and in each instantiation).
  template <typename Node, typename Matcher> const Node *first(Matcher matcher) {
    auto found = match(traverse(clang::TK_AsIs, matcher.bind("x")), Unit->getASTContext());
    for (const BoundNodes &nodes : found)
      if (const Node *node = nodes.template getNodeAs<Node>("x");
          node && Unit->getSourceManager().isInMainFile(Unit->getSourceManager().getExpansionLoc(node->getBeginLoc())))
        return node;
    ADD_FAILURE() << "no match in the main file";
    return nullptr;
  }
  std::unique_ptr<clang::ASTUnit> Unit;
};

TEST_F(AstNamesTest, CatalogNamesDropTemplateArgumentsAndStateNamesSaySingletons) {
  parse(R"(
namespace io { template <typename C> struct basic_file { void open(const char *) {} int fd_; }; }
struct Settings { static Settings &instance() { static Settings s; return s; } };
int g_counter;
void use() { io::basic_file<char> f; f.open("/tmp/x"); g_counter = 1; }
)");
  const auto *open = first<clang::CXXMemberCallExpr>(cxxMemberCallExpr());
  ASSERT_NE(open, nullptr);
  EXPECT_EQ(catalogName(calledFunction(open)), "io::basic_file::open");
  std::vector<const clang::Expr *> operands = callOperands(open);
  ASSERT_EQ(operands.size(), 2u); // the object first
  EXPECT_TRUE(hasObjectOperand(open));
  EXPECT_EQ(renderExpression(operands[1], Unit->getASTContext()), "\"/tmp/x\"");

  const auto *singleton = first<clang::VarDecl>(varDecl(hasName("s")));
  EXPECT_EQ(stateName(singleton), "Settings::instance()::s");
  const auto *field = first<clang::FieldDecl>(fieldDecl(hasName("fd_")));
  EXPECT_EQ(fieldName(field), "io::basic_file::fd_");

  const auto *assignment = first<clang::BinaryOperator>(binaryOperator(hasOperatorName("=")));
  const clang::ValueDecl *target = assignedState(assignment->getLHS());
  ASSERT_NE(target, nullptr);
  EXPECT_EQ(stateName(target), "g_counter");
  EXPECT_FALSE(usrOf(target).empty());
  EXPECT_FALSE(isInSystemHeader(target));
}

TEST_F(AstNamesTest, ReferencedVariablesSeeThroughAddressesAndAccessors) {
  parse(R"(
#include <string>
void take(const char *, const char *, const char *);
void use() { char buf[8]; std::string s; take(&buf[0], s.c_str(), buf); }
)");
  const auto *call = first<clang::CallExpr>(callExpr(callee(functionDecl(hasName("take")))));
  ASSERT_NE(call, nullptr);
  EXPECT_EQ(referencedVariable(call->getArg(0))->getName(), "buf");
  EXPECT_EQ(referencedVariable(call->getArg(1))->getName(), "s");
  EXPECT_EQ(referencedVariable(call->getArg(2))->getName(), "buf");
  EXPECT_FALSE(hasObjectOperand(call));
  const auto *cStr = first<clang::CXXMemberCallExpr>(cxxMemberCallExpr(callee(cxxMethodDecl(hasName("c_str")))));
  EXPECT_TRUE(isInSystemHeader(calledFunction(cStr)));
}

} // namespace
} // namespace parready
