# Until the test stops measuring time, give it the machine to itself
# (parready --format ctest writes these properties for every serial test):
set_tests_properties("Suite.MeasuresLatency" PROPERTIES RUN_SERIAL TRUE)
