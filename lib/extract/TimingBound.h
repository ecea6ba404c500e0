// How long a timing bound is: the text of an assertion's bound, measured.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace parready {

/// An expression as written without the spaces and parentheses around it:
/// " (50)" -> "50".
std::string trimmedExpression(std::string text);

/// The length in seconds of a timing bound as written: a chrono literal
/// ("150ms", "1.5s"), a duration built from a number
/// ("std::chrono::milliseconds(150)"), or a plain number ("150") whose unit
/// is the bounded value's (`bounded`, as written): the type of a
/// `duration_cast<milliseconds>(..).count()`, a `duration<double>(..).count()`
/// (seconds), or a name ending in a unit (`elapsed_ms`, `elapsedMs`).
/// `units` are the catalog's (ApiCatalog::durationUnits). nullopt when the
/// bound is not a constant or its unit is unknown: a guess would decide how
/// much the finding counts.
std::optional<double> timingBoundSeconds(const std::string &bound, const std::string &bounded,
                                         const std::map<std::string, double> &units);

} // namespace parready
