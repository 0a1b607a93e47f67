#include "canonical_json.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <vector>

namespace replay {
namespace {

void append_canonical(const boost::json::value& value, std::string& out) {
    if (value.is_object()) {
        const auto& object = value.as_object();
        std::vector<const boost::json::key_value_pair*> members;
        members.reserve(object.size());
        for (const auto& member : object)
            members.push_back(&member);
        std::sort(members.begin(), members.end(),
                  [](const auto* a, const auto* b) { return a->key() < b->key(); });
        out += '{';
        for (std::size_t i = 0; i < members.size(); ++i) {
            if (i) out += ',';
            out += boost::json::serialize(boost::json::string(members[i]->key()));
            out += ':';
            append_canonical(members[i]->value(), out);
        }
        out += '}';
    } else if (value.is_array()) {
        const auto& array = value.as_array();
        out += '[';
        for (std::size_t i = 0; i < array.size(); ++i) {
            if (i) out += ',';
            append_canonical(array[i], out);
        }
        out += ']';
    } else {
        out += boost::json::serialize(value);
    }
}

} // namespace

std::string canonical_json(const boost::json::value& value) {
    std::string out;
    append_canonical(value, out);
    return out;
}

} // namespace replay
