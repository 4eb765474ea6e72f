#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

// The checkout's absolute paths (tests/paths.hpp), compiled into this file only.
const char* pelkit_test_source_dir() { return PELKIT_TEST_SOURCE_PATH; }
const char* pelkit_test_data_dir() { return PELKIT_TEST_DATA_PATH; }
