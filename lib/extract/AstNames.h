// How extraction names and takes apart AST nodes: the qualified names the
// catalogs use, the USRs that link merges by, a call's operands. Every
// extractor and the value evaluator share these, so a name is spelt one way.
#pragma once

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

#include <string>
#include <vector>

namespace parready {

/// Declared in a system header (the standard library, the test framework):
/// not user code, so catalogs describe it instead of its body.
bool isInSystemHeader(const clang::Decl *decl);

/// The qualified name of a callee as catalogs spell it ("std::basic_ofstream::open").
std::string catalogName(const clang::FunctionDecl *callee);

/// The operands of a call as catalogs count them: the object first for member calls.
std::vector<const clang::Expr *> callOperands(const clang::Expr *call);

/// Is operand 0 of callOperands(call) the object a member function runs on?
/// (Inside an uninstantiated template a member call is a plain CallExpr.)
bool hasObjectOperand(const clang::Expr *call);

/// How facts name a declaration across TUs; "" when it has no USR.
std::string usrOf(const clang::Decl *decl);

/// The function a call or construction invokes, if it is direct.
const clang::FunctionDecl *calledFunction(const clang::Expr *call);

/// "SessionStore::dir_": how receiver fields are named in the facts.
std::string fieldName(const clang::FieldDecl *field);

/// How facts name a field or a global: "Settings::sessions_dir",
/// "g_root", "Config::instance()::config" (a function's static local).
std::string stateName(const clang::ValueDecl *declaration);

/// The field or global variable an assignment's left side stores into
/// (`dir_ = ...`, `Settings::instance().dir = ...`, `g_root = ...`), or null.
const clang::ValueDecl *assignedState(const clang::Expr *target);

/// The expression without what does not change its value: parentheses,
/// implicit and explicit casts, temporaries and their cleanups.
const clang::Expr *stripValuePreserving(const clang::Expr *expr);

/// The variable whose storage an expression denotes (`buf`, `&buf`,
/// `&buf[0]`, `buf.data()`, `str.c_str()`), or null.
const clang::VarDecl *referencedVariable(const clang::Expr *expr);

/// The expression as written, on one line and at most 60 characters: how an
/// unknown value is shown to the user.
std::string renderExpression(const clang::Expr *expr, clang::ASTContext &context);

} // namespace parready
