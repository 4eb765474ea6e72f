// Where the tests find the source tree and their data. Included in every test translation
// unit (-include, tests/CMakeLists.txt): PELKIT_SOURCE_DIR and PELKIT_TEST_DATA expand to these
// calls, and only tests/main.cpp holds the absolute paths. So the compile commands of the test
// files do not depend on the checkout's folder, and ccache (CCACHE_BASEDIR) reuses objects
// compiled in another clone.
#pragma once

const char* pelkit_test_source_dir();  ///< the source tree (absolute path, no trailing slash)
const char* pelkit_test_data_dir();    ///< tests/data (absolute path, no trailing slash)
