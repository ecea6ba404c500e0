#pragma once
// Small file helpers shared by the stores.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace registry {

inline void write_text(const std::filesystem::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + file.string());
    out << text;
}

inline void append_text(const std::filesystem::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::app);
    if (!out) throw std::runtime_error("cannot append to " + file.string());
    out << text;
}

inline std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The value of `key` in the flat JSON objects this library writes:
// {"key": "text"} or {"key": 12.5}. Empty when the key is absent.
inline std::string json_field(const std::string& json, const std::string& key) {
    const std::string needle = "\"" + key + "\":";
    auto pos = json.find(needle);
    if (pos == std::string::npos) return {};
    pos += needle.size();
    while (pos < json.size() && json[pos] == ' ') ++pos;
    if (pos < json.size() && json[pos] == '"') {
        const auto end = json.find('"', pos + 1);
        return json.substr(pos + 1, end - pos - 1);
    }
    const auto end = json.find_first_of(",}", pos);
    return json.substr(pos, end - pos);
}

}  // namespace registry
