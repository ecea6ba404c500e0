// Object values (ObjectValues.cpp, ObjectClasses.cpp): which object a virtual
// call dispatches on, and how each class built in the TU dispatches.
#include "ExtractTestSupport.h"

#include <map>

namespace parready {

// Failures show the value, not its bytes (found by argument-dependent lookup).
void PrintTo(const AbstractValue &value, std::ostream *out) {
  *out << toString(value.kind) << " '" << value.text << "'";
}

namespace {

/// The receiver object of each virtual call in `body`, by line.
std::map<unsigned, AbstractValue> receiverObjectsByLine(const Function &body) {
  std::map<unsigned, AbstractValue> objects;
  for (const CallSite &call : body.calls)
    if (call.isVirtual)
      objects[call.location.line] = call.receiverObject;
  return objects;
}

const ClassFacts *classNamed(const TranslationUnitFacts &facts, const std::string &name) {
  for (const ClassFacts &facts : facts.classes)
    if (facts.name == name)
      return &facts;
  return nullptr;
}

constexpr const char *Envs = R"(
struct Env {
  virtual ~Env() = default;
  virtual void Save(const std::string &dir) = 0;
  virtual void Sync() {}
};
struct MemEnv : Env { void Save(const std::string &) override {} };
struct PosixEnv : Env { void Save(const std::string &dir) override { std::ofstream(dir + "/CURRENT"); } };
)"; // 8 lines: user code after it starts on line 17

TEST_F(ExtractTest, VirtualCallsKnowTheObjectTheTestBuilt) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + Envs + R"(
Env *NewMemEnv();
std::unique_ptr<Env> MakeMem() { return std::make_unique<MemEnv>(); }
void SaveWith(Env *env) { env->Save("/tmp/db"); }
class DbTest : public ::testing::Test {
protected:
  MemEnv member_;
};
TEST_F(DbTest, Builds) {
  Env *fresh = new MemEnv;
  fresh->Save("/tmp/a");
  std::make_unique<PosixEnv>()->Save("/tmp/b");
  member_.Save("/tmp/c");
  Env *pointer = &member_;
  pointer->Save("/tmp/d");
  std::unique_ptr<Env> made = MakeMem();
  made->Save("/tmp/e");
  (*made).Sync();
  made.get()->Save("/tmp/f");
  NewMemEnv()->Save("/tmp/g");
}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  const Function *body = testBody(facts, 0);
  ASSERT_NE(body, nullptr);
  std::map<unsigned, AbstractValue> objects = receiverObjectsByLine(*body);
  ASSERT_EQ(objects.size(), 8u);
  AbstractValue mem = objectValue("c:@S@MemEnv");
  EXPECT_EQ(objects[27], mem);
  EXPECT_EQ(objects[28], objectValue("c:@S@PosixEnv"));
  EXPECT_EQ(objects[29], mem); // a member object: its declared class
  EXPECT_EQ(objects[31], mem); // &member_
  EXPECT_EQ(objects[33], mem); // a factory of this TU returning make_unique<MemEnv>
  EXPECT_EQ(objects[34], mem); // *made
  EXPECT_EQ(objects[35], mem); // made.get()
  // A factory defined in another TU: link fills what it returns.
  EXPECT_EQ(objects[36], resultPlaceholder(0));
  ASSERT_EQ(facts.callResults.size(), 1u);
  EXPECT_EQ(facts.callResults[0].calleeUsr, "c:@F@NewMemEnv#");

  // Through a helper's parameter: the caller's argument decides.
  const Function *helper = function(facts, "SaveWith");
  ASSERT_NE(helper, nullptr);
  EXPECT_EQ(receiverObjectsByLine(*helper)[20], AbstractValue::param(0));

  // How the two classes built here dispatch; Sync is Env's own in both.
  const ClassFacts *memEnv = classNamed(facts, "MemEnv");
  ASSERT_NE(memEnv, nullptr);
  std::map<std::string, std::string> overriders(memEnv->finalOverriders.begin(), memEnv->finalOverriders.end());
  const Function *memSave = function(facts, "MemEnv::Save");
  ASSERT_NE(memSave, nullptr);
  ASSERT_EQ(memSave->overrides.size(), 1u); // Env::Save
  EXPECT_EQ(overriders[memSave->overrides[0]], memSave->usr);
  EXPECT_EQ(overriders["c:@S@Env@F@Sync#"], "c:@S@Env@F@Sync#");
  EXPECT_NE(classNamed(facts, "PosixEnv"), nullptr);
  EXPECT_EQ(classNamed(facts, "Env"), nullptr); // no object of it is built
}

TEST_F(ExtractTest, AFactoryThatOnlyBuildsOneClassReturnsIt) {
  // leveldb's Env::Default(): a static singleton whose constructor
  // placement-news the PosixEnv; the return itself is a reinterpret_cast.
  TranslationUnitFacts facts = extract(std::string(Prelude) + Envs + R"(
#include <new>
#include <type_traits>
template <typename EnvType> class SingletonEnv {
public:
  SingletonEnv() { new (&storage_) EnvType(); }
  Env *env() { return reinterpret_cast<Env *>(&storage_); }
private:
  typename std::aligned_storage<sizeof(EnvType), alignof(EnvType)>::type storage_;
};
Env *DefaultEnv() {
  static SingletonEnv<PosixEnv> container;
  return container.env();
}
Env *EitherEnv(bool memory) {
  static MemEnv mem;
  static PosixEnv posix;
  if (memory)
    return &mem;
  return reinterpret_cast<Env *>(&posix);
}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  const Function *defaultEnv = function(facts, "DefaultEnv");
  ASSERT_NE(defaultEnv, nullptr);
  ASSERT_TRUE(defaultEnv->returnValue.has_value());
  EXPECT_EQ(*defaultEnv->returnValue, objectValue("c:@S@PosixEnv"));
  // The object it builds, inside the singleton's constructor, for dispatch
  // on objects whose way to the call no value follows.
  EXPECT_EQ(defaultEnv->builtClasses, std::vector<std::string>{"c:@S@PosixEnv"});
  EXPECT_NE(classNamed(facts, "PosixEnv"), nullptr);
  // Two classes built: nothing is known.
  const Function *either = function(facts, "EitherEnv");
  EXPECT_TRUE(either == nullptr || !either->returnValue.has_value());
}

TEST_F(ExtractTest, AWrapperBuiltByItsBaseConstructorKnowsItsTarget) {
  // leveldb's test::ErrorEnv : EnvWrapper(NewMemEnv(Env::Default())), used
  // as a fixture member, and env_.target()->... in the test.
  TranslationUnitFacts facts = extract(std::string(Prelude) + Envs + R"(
Env *NewMemEnv();
struct EnvWrapper : Env {
  explicit EnvWrapper(Env *target) : target_(target) {}
  Env *target() const { return target_; }
  void Save(const std::string &dir) override { target_->Save(dir); }
private:
  Env *target_;
};
struct ErrorEnv : EnvWrapper { ErrorEnv() : EnvWrapper(NewMemEnv()) {} };
class CorruptionTest : public ::testing::Test {
protected:
  ErrorEnv env_;
};
TEST_F(CorruptionTest, Reads) { env_.target()->Save("/memenv/db"); }
TEST_F(CorruptionTest, Writes) { env_.Save("/memenv/db"); }
)");
  ASSERT_TRUE(facts.parsedCleanly);
  const Function *body = testBody(facts, 0);
  ASSERT_NE(body, nullptr);
  ASSERT_EQ(body->calls.size(), 2u); // target() and the virtual Save
  EXPECT_EQ(receiverObjectsByLine(*body)[31], resultPlaceholder(0));
  // On the member itself: an ErrorEnv, whose default construction gave the
  // target that EnvWrapper::Save forwards to.
  const Function *writes = testBody(facts, 1);
  ASSERT_NE(writes, nullptr);
  ASSERT_EQ(writes->calls.size(), 1u);
  EXPECT_EQ(writes->calls[0].receiverObject, objectValue("c:@S@ErrorEnv"));
  EXPECT_TRUE(writes->calls[0].onThis);
  ASSERT_EQ(writes->calls[0].receiver.size(), 1u);
  EXPECT_EQ(writes->calls[0].receiver[0], ReceiverFields::value_type("EnvWrapper::target_", resultPlaceholder(0)));
  ASSERT_EQ(facts.callResults.size(), 1u);
  EXPECT_EQ(facts.callResults[0].calleeUsr, "c:@F@NewMemEnv#");
  // Inside the wrapper the target is the one its construction was given.
  const Function *forward = function(facts, "EnvWrapper::Save");
  ASSERT_NE(forward, nullptr);
  EXPECT_EQ(receiverObjectsByLine(*forward)[22], fieldPlaceholder("EnvWrapper::target_"));
}

TEST_F(ExtractTest, UntypedInitialisersOfTemplatesAreNoObjects) {
  // leveldb's SkipList: in the template, `pair_(a, b)` is a ParenListExpr
  // without a type; reading the field from a return must not stop the TU.
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
struct Pair { Pair(int, int) {} };
template <typename T> struct Table {
  Table(T a, T b) : pair_(a, b) {}
  Pair get() { Pair copy = pair_; return copy; }
  void save() { std::ofstream("/tmp/table"); }
  Pair pair_;
};
)");
  ASSERT_TRUE(facts.parsedCleanly);
  EXPECT_NE(function(facts, "Table::save"), nullptr);
}

} // namespace
} // namespace parready
