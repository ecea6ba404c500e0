// The whole pipeline, value evaluator first: small C test programs generated
// from the fuzz input (paths built by snprintf/strcpy/strcat, uniquifiers,
// helpers reached directly, recursively and through function pointers,
// branches, loops, sockets, sleeps) are extracted, linked, classified and
// rendered in every format. One input in four is taken as source text as it
// is, so that the extractors also meet what Clang recovers from broken code.
//
// Invariants: the generated program compiles (the generator's own check);
// the analysis never fails as a whole; every format renders valid UTF-8 and
// the JSON and SARIF reports parse.
#include "FuzzTarget.h"

#include "pipeline/Analyze.h"
#include "report/Report.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace {

using namespace parready;

/// Reads the fuzz input as a sequence of choices; an exhausted input chooses 0.
class Choices {
public:
  Choices(const uint8_t *data, size_t size) : Data(data), Size(size) {}
  unsigned pick(unsigned count) { return Position < Size ? Data[Position++] % count : 0; }
  bool exhausted() const { return Position >= Size; }

private:
  const uint8_t *Data;
  size_t Size;
  size_t Position = 0;
};

constexpr unsigned HelperCount = 3;
constexpr unsigned BufferCount = 3;

class ProgramGenerator {
public:
  explicit ProgramGenerator(Choices &choices) : In(choices) {}

  std::string program() {
    std::string code = "#include <fcntl.h>\n#include <netinet/in.h>\n#include <stdio.h>\n#include <stdlib.h>\n"
                       "#include <string.h>\n#include <sys/socket.h>\n#include <sys/stat.h>\n#include <unistd.h>\n\n"
                       "static const char *g0 = \"/tmp/parready-fuzz\";\nstatic const char *g1 = \"data/input.txt\";\n"
                       "static char gbuf[256];\nstatic int gcount;\n";
    for (unsigned h = 0; h < HelperCount; ++h)
      code += "static void helper" + std::to_string(h) + "(const char *path, int n);\n";
    for (unsigned h = 0; h < HelperCount; ++h) {
      InHelper = true;
      code += "\nstatic void helper" + std::to_string(h) + "(const char *path, int n) {\n" + locals() +
              block(2, 1) + "}\n";
    }
    InHelper = false;
    code += "\nint main(void) {\n" + locals() + block(2, 1) + "  return gcount > 1000;\n}\n";
    return code;
  }

private:
  static std::string locals() {
    std::string code;
    for (unsigned b = 0; b < BufferCount; ++b)
      code += "  char b" + std::to_string(b) + "[256] = \"\";\n";
    return code + "  (void)b0; (void)b1; (void)b2;\n";
  }

  std::string buffer() { return "b" + std::to_string(In.pick(BufferCount)); }

  std::string literal() {
    static const char *const literals[] = {"\"/tmp/parready-fuzz\"", "\"data/input.txt\"", "\"out.log\"",
                                           "\"/var/tmp/x\"", "\"\"", "\"../up\"", "\"/tmp/a b/\\xff\"",
                                           "\"/tmp/fuzzXXXXXX\"", "\"/dev/null\""};
    return literals[In.pick(std::size(literals))];
  }

  std::string expression() {
    switch (In.pick(InHelper ? 7 : 6)) {
    case 0: return literal();
    case 1: return In.pick(2) ? "g0" : "g1";
    case 2: return buffer();
    case 3: return "gbuf";
    case 4: return In.pick(2) ? "getenv(\"TMPDIR\")" : "getenv(\"HOME\")";
    case 5: return "(gcount ? " + literal() + " : " + buffer() + ")";
    default: return "path";
    }
  }

  std::string number() {
    static const char *const numbers[] = {"0", "1", "5555", "8080", "gcount", "(int)getpid()", "n"};
    return numbers[In.pick(InHelper ? std::size(numbers) : std::size(numbers) - 1)]; // n: a helper's parameter
  }

  std::string helperCall() { return "helper" + std::to_string(In.pick(HelperCount)); }

  std::string block(unsigned indent, unsigned depth) {
    std::string code;
    for (unsigned count = 1 + In.pick(4); count > 0 && !In.exhausted(); --count)
      code += statement(indent, depth);
    return code.empty() ? std::string(indent, ' ') + ";\n" : code;
  }

  std::string statement(unsigned indent, unsigned depth) {
    std::string pad(indent, ' ');
    std::string target = buffer();
    switch (In.pick(depth < 3 ? 18 : 15)) {
    case 0: return pad + "snprintf(" + target + ", sizeof " + target + ", \"%s/%s\", " + expression() + ", " + expression() + ");\n";
    case 1: return pad + "snprintf(" + target + ", sizeof " + target + ", \"%s-%d\", " + expression() + ", " + number() + ");\n";
    case 2: return pad + "strcpy(" + target + ", " + expression() + ");\n";
    case 3: return pad + "strcat(" + target + ", " + expression() + ");\n";
    case 4: return pad + "strcpy(" + target + ", \"/tmp/fuzzXXXXXX\");\n" + pad + "if (!mkdtemp(" + target + ")) abort();\n";
    case 5: {
      static const char *const modes[] = {"\"w\"", "\"r\"", "\"a\"", "\"r+\""};
      return pad + "{ FILE *f = fopen(" + expression() + ", " + modes[In.pick(4)] + "); if (f) fclose(f); }\n";
    }
    case 6: {
      static const char *const calls[] = {"remove(", "unlink(", "rmdir(", "chdir("};
      return pad + "(void)" + calls[In.pick(4)] + expression() + ");\n";
    }
    case 7: return pad + "(void)mkdir(" + expression() + ", 0700);\n";
    case 8: return pad + "{ int fd = open(" + expression() + ", O_CREAT | O_WRONLY, 0600); if (fd >= 0) close(fd); }\n";
    case 9: return pad + "(void)system(" + (In.pick(2) ? std::string("\"rm -rf /tmp/parready-fuzz\"") : expression()) + ");\n";
    case 10: return pad + "setenv(\"PARREADY_FUZZ\", " + expression() + ", 1);\n";
    case 11:
      return pad + "{ struct sockaddr_in a; memset(&a, 0, sizeof a); a.sin_family = AF_INET; a.sin_port = htons(" +
             number() + "); int s = socket(AF_INET, SOCK_STREAM, 0); (void)bind(s, (struct sockaddr *)&a, sizeof a); close(s); }\n";
    case 12: return pad + (In.pick(2) ? "sleep(" : "usleep(") + number() + ");\n";
    case 13: return pad + helperCall() + "(" + expression() + ", " + number() + ");\n";
    case 14: return pad + (In.pick(2) ? "++gcount;\n" : "strcpy(gbuf, " + expression() + ");\n");
    case 15:
      return pad + "if (" + (In.pick(2) ? "getenv(\"PARREADY_FUZZ\")" : "gcount > " + number()) + ") {\n" +
             block(indent + 2, depth + 1) + pad + "} else {\n" + block(indent + 2, depth + 1) + pad + "}\n";
    case 16: return pad + "for (int i = 0; i < 3; ++i) {\n" + block(indent + 2, depth + 1) + pad + "}\n";
    default:
      return pad + "{ void (*callback)(const char *, int) = " + helperCall() + "; callback(" + expression() + ", " +
             number() + "); }\n";
    }
  }

  Choices &In;
  bool InHelper = false;
};

/// One scratch directory for the whole fuzzing run: the file is rewritten for
/// each input, so that paths in the reports stay the same.
const std::string &scratchDirectory() {
  // Never destroyed: the exit handler that removes it runs after static destructors.
  static const std::string &directory = *[] {
    auto *pattern = new std::string((std::filesystem::temp_directory_path() / "parready-fuzz-XXXXXX").string());
    if (!mkdtemp(pattern->data()))
      fuzz::broken("a scratch directory", *pattern);
    std::atexit([] { std::filesystem::remove_all(scratchDirectory()); });
    return pattern;
  }();
  return directory;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Choices choices(data, size);
  bool generated = size == 0 || data[0] % 4 != 0;
  std::string source;
  if (generated) {
    choices.pick(1);
    source = ProgramGenerator(choices).program();
  } else {
    source = fuzz::text(data + 1, size - 1);
  }
  const std::string file = scratchDirectory() + "/fuzz_test.c";
  std::ofstream(file, std::ios::binary | std::ios::trunc) << source;
  // To see what a crashing input analysed: PARREADY_FUZZ_SHOW=1 fuzz_pipeline crash-...
  if (std::getenv("PARREADY_FUZZ_SHOW"))
    std::fprintf(stderr, "%s\n", source.c_str());

  AnalyzeOptions options;
  options.input.files = {file};
  options.input.fixedFlags = std::vector<std::string>{"-x", "c", "-std=gnu11"};
  options.input.workingDirectory = scratchDirectory();
  options.rulesDirectory = PARREADY_SOURCE_RULES_DIR;
  options.extract.resourceDir = PARREADY_DEFAULT_RESOURCE_DIR;
  options.classify.root = scratchDirectory();
  options.jobs = 1;
  AnalyzeOutcome outcome = analyze(options);
  if (std::getenv("PARREADY_FUZZ_SHOW"))
    std::fprintf(stderr, "%s\n", render(Format::Text, outcome.result, RenderOptions{}).c_str());
  if (!outcome.fatalError.empty())
    fuzz::broken("one test file is always analysed", outcome.fatalError);
  if (generated)
    for (const ToolDiagnostic &diagnostic : outcome.result.diagnostics)
      if (diagnostic.severity == "error")
        fuzz::broken("the generated program compiles", diagnostic.message + "\n" + source);

  for (Format format : {Format::Text, Format::Json, Format::Sarif, Format::Markdown, Format::Ctest, Format::Github}) {
    std::string report = render(format, outcome.result, RenderOptions{});
    if (validUtf8(report) != report)
      fuzz::broken("every format is valid UTF-8", report);
    if ((format == Format::Json || format == Format::Sarif) && !nlohmann::json::accept(report))
      fuzz::broken("the JSON and SARIF reports parse", report);
  }
  return 0;
}
