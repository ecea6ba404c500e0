// Stage config: what a project says about its own suite in .parready.json
// files (docs/configuration.md). Its catalog additions, rules switched off or
// re-graded, tests declared serial or safe, and run-wide defaults. Files are
// found upward from each analysed file, as .clang-tidy files are: the nearest
// one applies, and `"inherit": true` adds its parent's below it.
#pragma once

#include "catalog/ApiCatalog.h"
#include "rules/Rules.h"
#include "rules/Verdict.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parready {

/// The name of the configuration file parready looks for.
inline constexpr const char *ConfigurationFileName = ".parready.json";

/// What a configuration does with a rule: `on` (its own verdict, also
/// what undoes a parent's `off`), `off`, or a verdict of its own.
enum class RuleSetting { On, Off, Fixable, Serial };

template <> struct NamesOf<RuleSetting> {
  static constexpr EnumNames<RuleSetting, 4> names{{{{RuleSetting::On, "on"},
                                                     {RuleSetting::Off, "off"},
                                                     {RuleSetting::Fixable, "fixable"},
                                                     {RuleSetting::Serial, "serial"}}}};
};

/// A verdict a configuration or a comment declares for tests, with why.
struct TestDeclaration {
  std::string pattern; ///< a glob over full test names ("NetTest.*"); "" for a comment's mark
  Verdict verdict = Verdict::Serial; ///< Serial, or Safe
  std::string reason;
  std::string declaredAt; ///< "path:line:col" of the declaration
};

/// One .parready.json, as written.
struct ConfigurationFile {
  std::string path; ///< absolute
  std::string text;
  bool inherit = false;
  struct RuleEntry {
    std::string pattern; ///< a rule id, or a glob over ids ("parready-shared-*")
    RuleSetting setting = RuleSetting::On;
    std::string declaredAt;
  };
  std::vector<RuleEntry> rules; ///< exact ids first, then globs, longest first
  std::vector<TestDeclaration> tests; ///< in file order: the first that matches counts
  bool hasCatalog = false;
  /// Run-wide defaults; a command-line flag wins over them.
  std::optional<Runner> runner;
  std::optional<std::string> failOn; ///< "fixable", "serial" or "never"
  std::optional<bool> followLibrary;
  std::map<std::string, std::string> declaredAt; ///< of the run-wide keys, by key
};

/// The configuration that applies to one file: the nearest .parready.json
/// and what it inherits, nearest first. Empty when none applies.
struct EffectiveConfiguration {
  std::vector<const ConfigurationFile *> chain;

  /// How `rule` is set for this file (the nearest file that names it
  /// decides), and where; `On` with "" when nothing sets it.
  std::pair<RuleSetting, std::string> rule(const std::string &rule) const;
  /// The first declaration in the nearest file that matches the test.
  const TestDeclaration *test(const std::string &fullName) const;
  std::optional<Runner> runner() const;
  std::optional<std::string> failOn() const;
  std::optional<bool> followLibrary() const;
};

class Configurations {
public:
  /// `explicitFile` (--config): that file applies to every file, with what
  /// it inherits; "" finds them upward from each file. Rule ids are checked
  /// against `rules`.
  Configurations(const RuleSet &rules, std::string explicitFile = "");
  ~Configurations();

  /// The configuration of a source file (absolute path); files are read and
  /// checked on first use, their errors kept in errors().
  const EffectiveConfiguration &forFile(const std::string &path);
  /// The configuration of a directory: the run-wide defaults come from the
  /// working directory's.
  const EffectiveConfiguration &forDirectory(const std::string &directory);

  /// "path:line:col: error: message", one per mistake, in the order found.
  const std::vector<std::string> &errors() const { return Errors; }
  /// Run-wide keys set by a file the run does not take them from (`run`:
  /// the working directory's configuration), as warnings.
  std::vector<std::string> ignoredRunKeys(const EffectiveConfiguration &run) const;
  /// Adds the catalogs of `configuration` to `catalog`, the farthest file
  /// first so that a nearer one overrides what its parent declares; errors
  /// go to errors().
  void addCatalogs(const EffectiveConfiguration &configuration, ApiCatalog &catalog);
  /// Every file read so far, by path.
  std::vector<const ConfigurationFile *> files() const;

  /// The configuration of `path` as parready applies it, as JSON text
  /// (--dump-config): the files in the order they count, every rule's
  /// setting, the test declarations, catalog additions and run-wide keys.
  std::string dump(const std::string &path);

private:
  /// The file in `directory` itself, read on first use; null when none.
  const ConfigurationFile *fileIn(const std::string &directory);
  /// The nearest file in `directory` or above; null when none.
  const ConfigurationFile *nearest(const std::string &directory);
  const EffectiveConfiguration &chainFrom(const ConfigurationFile *first);
  std::unique_ptr<ConfigurationFile> read(const std::string &path);

  const RuleSet &Rules;
  std::string ExplicitFile;
  std::map<std::string, std::unique_ptr<ConfigurationFile>> Files; ///< by directory; null: none there
  std::map<std::string, const ConfigurationFile *> NearestIn;      ///< by directory
  std::map<const ConfigurationFile *, EffectiveConfiguration> Chains;
  std::vector<std::string> Errors;
};

} // namespace parready
