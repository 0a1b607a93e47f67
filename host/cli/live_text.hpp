// evo gen's and evo evolve's live output: the model's text on stderr as it arrives, dimmed,
// then, when the provider call ends, cleared from the terminal (or kept, a newline after it).
// Only on a terminal with text logs: anywhere else it writes nothing, whatever was asked.
#pragma once

#include <evo/host/pipeline.hpp>

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace evo::cli {

// --live: auto (clear on a terminal, off elsewhere), keep, clear, off.
enum class live_mode { off, keep, clear };

// What `--live WORD` comes to for this process: off unless stderr is a terminal and logs are
// text; auto is clear there.
live_mode resolve_live_mode(std::string_view word, bool json_logs);
// gen's and evolve's --live option, into `word`.
void add_live_option(CLI::App& cmd, std::string& word);

class live_text {
  public:
    explicit live_text(live_mode mode);
    // A call still showing (generate() threw) is ended: the error line then starts clean.
    ~live_text() { call_ended(); }
    live_text(const live_text&) = delete;
    live_text& operator=(const live_text&) = delete;

    // Points the request's observers at this display (nothing when it is off).
    void watch(host::generation_request& req);
    void text(std::string_view chunk);
    void call_ended();

  private:
    void advance(char32_t c, int width);
    void clear_shown();

    live_mode mode_;
    bool dim_;         // SGR 2 around the text; not under NO_COLOR
    int columns_ = 80; // the terminal's, when the call began
    int screen_rows_ = 24;
    std::size_t rows_ = 0; // rows the cursor moved down since the call's text began
    int column_ = 0;       // where the cursor is on its row
    bool shown_ = false;   // some text of this call is on the screen
    std::string pending_;  // the start of a UTF-8 character split between chunks
};

} // namespace evo::cli
