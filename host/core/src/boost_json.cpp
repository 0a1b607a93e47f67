// Boost.JSON's implementation, compiled into the host instead of loading libboost_json.so
// at every start (see evo_boost_json in host/CMakeLists.txt).
#include <boost/json/src.hpp>
