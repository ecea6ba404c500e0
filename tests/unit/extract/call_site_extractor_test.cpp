// CallSiteExtractor: calls into user code, receivers, virtual dispatch, destructors.
#include "ExtractTestSupport.h"

#include <set>

namespace parready {
namespace {

TEST_F(ExtractTest, CallsCarryTheirArgumentValues) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
void writeReport(int level, const std::string &dir);
TEST(H, Helper) { writeReport(1, "/tmp/out"); }
)");
  ASSERT_TRUE(facts.parsedCleanly);
  const Function *body = testBody(facts, 0);
  ASSERT_NE(body, nullptr);
  ASSERT_EQ(body->calls.size(), 1u);
  EXPECT_EQ(body->calls[0].calleeName, "writeReport");
  EXPECT_EQ(body->calls[0].location.line, 11u);
  ASSERT_EQ(body->calls[0].arguments.size(), 2u);
  EXPECT_EQ(body->calls[0].arguments[0], AbstractValue::constant("1"));
  EXPECT_EQ(body->calls[0].arguments[1], AbstractValue::constant("/tmp/out"));
}

TEST_F(ExtractTest, CallsOfTemplatesNameTheBodyThatIsRecorded) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
template <class T> void WriteFixed() { std::ofstream out("/tmp/fixed"); out << T(); }
template <class P> void WriteTo(const P &path) { std::ofstream out(path); }
TEST(T, A) { WriteFixed<int>(); WriteFixed<double>(); }
TEST(T, B) { WriteTo(std::string("/tmp/b")); WriteTo("/tmp/c"); }
)");
  ASSERT_TRUE(facts.parsedCleanly);
  std::map<std::string, const Function *> recorded;
  for (const Function &function : facts.functions)
    recorded[function.usr] = &function;
  // Whatever a call names is a recorded body.
  for (size_t test = 0; test < 2; ++test) {
    const Function *body = testBody(facts, test);
    ASSERT_NE(body, nullptr);
    ASSERT_EQ(body->calls.size(), 2u);
    for (const CallSite &call : body->calls)
      EXPECT_TRUE(recorded.count(call.calleeUsr)) << call.calleeName << " " << call.calleeUsr;
  }
  // WriteFixed's pattern shows its accesses: both calls reach that one body.
  const Function *a = testBody(facts, 0);
  EXPECT_EQ(a->calls[0].calleeUsr, a->calls[1].calleeUsr);
  EXPECT_EQ(recorded.at(a->calls[0].calleeUsr)->accesses.size(), 1u);
  // WriteTo's path depends on its argument's type: one body per instantiation,
  // each writing its parameter.
  const Function *b = testBody(facts, 1);
  EXPECT_NE(b->calls[0].calleeUsr, b->calls[1].calleeUsr);
  for (const CallSite &call : b->calls) {
    const Function *instance = recorded.at(call.calleeUsr);
    ASSERT_EQ(instance->accesses.size(), 1u) << instance->name;
    EXPECT_EQ(instance->accesses[0].value, AbstractValue::param(0)) << instance->name;
  }
}

TEST_F(ExtractTest, FunctionsOnlyThisTranslationUnitCanCallAreMarkedLocal) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
static void remove_static() { std::remove("/tmp/a"); }
namespace { void remove_anonymous() { std::remove("/tmp/b"); } }
inline void remove_inline() { std::remove("/tmp/c"); }
void remove_external() { std::remove("/tmp/d"); }
)");
  ASSERT_TRUE(facts.parsedCleanly);
  std::map<std::string, bool> local;
  for (const Function &f : facts.functions)
    local[f.name] = f.translationUnitLocal;
  EXPECT_EQ(local, (std::map<std::string, bool>{{"remove_static", true},
                                                {"(anonymous namespace)::remove_anonymous", true},
                                                {"remove_inline", false},
                                                {"remove_external", false}}));
}

TEST_F(ExtractTest, MethodCallsKnowTheFieldsOfTheirReceiver) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
struct Store {
  explicit Store(std::string dir) : dir_(std::move(dir)) {}
  void save() { std::ofstream(dir_ + "/s.json"); }
  std::string dir_;
};
TEST(S, Fixed) {
  Store store("/tmp/shared");
  store.save();
}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  // this->dir_ waits for the receiver: the call site knows it.
  EXPECT_EQ(onlyAccessAt(facts, 12).value, concat(fieldPlaceholder("Store::dir_"), AbstractValue::constant("/s.json")));
  const Function *fixed = testBody(facts, 0);
  ASSERT_NE(fixed, nullptr);
  const CallSite *save = nullptr;
  for (const CallSite &call : fixed->calls)
    if (call.calleeName == "Store::save")
      save = &call;
  ASSERT_NE(save, nullptr);
  ASSERT_EQ(save->receiver.size(), 1u);
  EXPECT_EQ(save->receiver[0].first, "Store::dir_");
  EXPECT_EQ(save->receiver[0].second, AbstractValue::constant("/tmp/shared"));
}

TEST_F(ExtractTest, VirtualCallsDispatchUnlessQualifiedOrFinal) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
struct Env { virtual void write() {} virtual ~Env() = default; };
struct Posix : Env { void write() final {} };
TEST(V, Dispatch) {
  Posix posix;
  Env &env = posix;
  env.write();
  env.Env::write();
  posix.write();
}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  const Function *body = testBody(facts, 0);
  ASSERT_NE(body, nullptr);
  std::map<unsigned, bool> virtualByLine;
  for (const CallSite &call : body->calls)
    if (call.calleeName.ends_with("::write"))
      virtualByLine[call.location.line] = call.isVirtual;
  EXPECT_EQ(virtualByLine, (std::map<unsigned, bool>{{15, true}, {16, false}, {17, false}}));
  const Function *override = function(facts, "Posix::write");
  ASSERT_NE(override, nullptr);
  EXPECT_EQ(override->overrides.size(), 1u);
}

TEST_F(ExtractTest, LocalObjectsRunTheirUserWrittenDestructor) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
struct TempDir {
  explicit TempDir(std::string p) : path(std::move(p)) {}
  ~TempDir() { fs::remove_all(path); }
  std::string path;
};
TEST(R, Raii) {
  TempDir dir("/tmp/raii");
  std::string plain = "no user destructor";
}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  const Function *body = testBody(facts, 0);
  ASSERT_NE(body, nullptr);
  std::vector<const CallSite *> destructors;
  for (const CallSite &call : body->calls)
    if (call.calleeName == "TempDir::~TempDir")
      destructors.push_back(&call);
  ASSERT_EQ(destructors.size(), 1u);
  ASSERT_EQ(destructors[0]->receiver.size(), 1u);
  EXPECT_EQ(destructors[0]->receiver[0].second, AbstractValue::constant("/tmp/raii"));
}

TEST_F(ExtractTest, FunctionsHandedOnByAddressAreCalls) {
  TranslationUnitFacts facts = extract(R"(
typedef void (*test_fn)(void);
void run_test(test_fn fn, const char *name);
static void test_bind(void) {}
static void test_connect(void) {}
static void test_listed(void) {}
static void worker(void) {}
static int compare(const void *a, const void *b) { return 0; }
struct entry { const char *name; test_fn fn; };
static const struct entry tests[] = {{"listed", test_listed}, {0, 0}};
int main(void) {
  run_test(test_bind, "bind");
  run_test(test_connect, "connect");
  run_test(test_bind, "bind again");
  for (const struct entry *e = tests; e->name; ++e) e->fn();
  for (const struct entry *e = tests; e->name; ++e) e->fn();
  worker();
  return compare(0, 0);
}
)", {"-x", "c", "-std=gnu11"});
  ASSERT_TRUE(facts.parsedCleanly);
  const Function *main = function(facts, "main");
  ASSERT_NE(main, nullptr);
  std::multiset<std::string> callees;
  for (const CallSite &call : main->calls)
    callees.insert(call.calleeName);
  // Each function handed on once, each table entry once however often the
  // table is read; direct calls stay calls (run_test, worker, compare).
  EXPECT_EQ(callees, (std::multiset<std::string>{"run_test", "run_test", "run_test", "test_bind", "test_connect",
                                                  "test_listed", "worker", "compare"}));
  for (const CallSite &call : main->calls)
    if (call.calleeName == "test_bind")
      EXPECT_EQ(call.location.line, 12u);
}

TEST_F(ExtractTest, NullPointersNameNoPath) {
  TranslationUnitFacts facts = extract(R"(
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
struct listener { char *path; };
void close_listener(struct listener *l) {
  char *path = l->path;
  l->path = NULL;
  unlink(path);
}
void forget(void) { remove(NULL); }
)", {"-x", "c", "-std=gnu11"});
  ASSERT_TRUE(facts.parsedCleanly);
  std::vector<Access> removed = accessesAt(facts, 11);
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0].value.kind, ValueKind::Unknown) << removed[0].value.text;
  // The field's state after `l->path = NULL` is no known path either.
  const Function *close = function(facts, "close_listener");
  ASSERT_NE(close, nullptr);
  ASSERT_EQ(close->assignments.size(), 1u);
  EXPECT_EQ(close->assignments[0].value.kind, ValueKind::Unknown) << close->assignments[0].value.text;
}

} // namespace
} // namespace parready
