// NOLINTBEGIN(parready-x
/* NOLINTEND(parready-x) */ R"(// NOLINT)" "\"// NOLINT" //parready: safe