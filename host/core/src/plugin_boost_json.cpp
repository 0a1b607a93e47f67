// Boost.JSON's implementation for evo's own plugins (evo_plugin_boost_json in
// host/CMakeLists.txt): a file of its own, as the host's copy (boost_json.cpp) is built for size.
#include <boost/json/src.hpp>
