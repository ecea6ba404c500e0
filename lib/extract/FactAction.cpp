#include "extract/FactAction.h"

#include "extract/MacroRecorder.h"
#include "extract/TranslationUnitTraversal.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/CompilerInstance.h"

namespace parready {

using namespace clang;

namespace {

class FactConsumer : public ASTConsumer {
public:
  FactConsumer(const ApiCatalog &catalog, const MacroUses &uses, TranslationUnitFacts &facts,
               const std::string &workingDirectory)
      : Catalog(catalog), Uses(uses), Facts(facts), WorkingDirectory(workingDirectory) {}

  void HandleTranslationUnit(ASTContext &context) override {
    Facts.incompleteCause = IncompleteCause::None; // there is an AST: the TU started
    extractTranslationUnit(Catalog, context, Uses, Facts, WorkingDirectory);
    if (Facts.tests.empty())
      Facts.skippedTestBlocks = Uses.skippedTestBlocks;
  }

private:
  const ApiCatalog &Catalog;
  const MacroUses &Uses;
  TranslationUnitFacts &Facts;
  const std::string &WorkingDirectory;
};

class FactAction : public ASTFrontendAction {
public:
  FactAction(const ApiCatalog &catalog, TranslationUnitFacts &facts, std::string workingDirectory)
      : Catalog(catalog), Facts(facts), WorkingDirectory(std::move(workingDirectory)) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &compiler, StringRef) override {
    // A missing header (one the build generates) must not end the parse:
    // as a plain error, the test file's own code is still analysed.
    compiler.getDiagnostics().setFatalsAsError(true);
    Preprocessor &pp = compiler.getPreprocessor();
    pp.addPPCallbacks(std::make_unique<MacroRecorder>(Catalog, pp, Uses));
    return std::make_unique<FactConsumer>(Catalog, Uses, Facts, WorkingDirectory);
  }

private:
  const ApiCatalog &Catalog;
  TranslationUnitFacts &Facts;
  std::string WorkingDirectory;
  MacroUses Uses;
};

} // namespace

std::unique_ptr<FrontendAction> makeFactAction(const ApiCatalog &catalog, TranslationUnitFacts &facts,
                                               std::string workingDirectory) {
  return std::make_unique<FactAction>(catalog, facts, std::move(workingDirectory));
}

} // namespace parready
