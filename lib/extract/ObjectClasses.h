// The dispatch facts of the polymorphic classes a TU builds objects of.
#pragma once

#include "extract/TranslationUnitScope.h"

namespace parready {

/// For every class an object value of the TU names ({object:C}), the final
/// overrider in C of each virtual method of C and of its bases: which
/// function a virtual call on such an object runs. Called once at the end of
/// the TU, after every body was evaluated.
void recordObjectClasses(const TranslationUnitScope &scope, TranslationUnitFacts &facts);

} // namespace parready
