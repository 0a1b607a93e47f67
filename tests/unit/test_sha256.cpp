// SHA-256 against the FIPS 180-4 example vectors and the padding boundaries.
#include <evo/host/sha256.hpp>

#include <catch2/catch.hpp>

#include <string>

using evo::host::sha256_hex;

TEST_CASE("SHA-256 matches the FIPS 180-4 test vectors", "[sha256]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmn"
                     "opqklmnopqrlmnopqrsmnopqrstnopqrstu") ==
          "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    CHECK(sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Lengths around 55/56 and 64 bytes decide whether the length field needs a second block.
TEST_CASE("SHA-256 pads correctly at block boundaries", "[sha256]") {
    auto [length, digest] = GENERATE(table<std::size_t, const char*>({
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
        {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
        {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
        {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
    }));
    INFO(length << " bytes");
    CHECK(sha256_hex(std::string(length, 'a')) == digest);
}

TEST_CASE("SHA-256 hashes every byte value, NUL included", "[sha256]") {
    std::string all_bytes;
    for (int b = 0; b < 256; ++b)
        all_bytes += static_cast<char>(b);
    CHECK(sha256_hex(all_bytes) ==
          "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880");
}

// On a CPU with SHA instructions sha256_hex takes them; its digests must be the portable
// code's for every length around the block boundaries and any byte.
TEST_CASE("SHA-256 with the CPU's SHA instructions equals the portable code", "[sha256]") {
    INFO("accelerated: " << evo::host::detail::sha256_accelerated());
    std::string data;
    uint32_t x = 2463534242u; // xorshift32: every byte value, no pattern a block could hide
    for (std::size_t length = 0; length <= 1100; ++length) {
        CHECK(sha256_hex(data) == evo::host::detail::sha256_hex_portable(data));
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        data += static_cast<char>(x);
    }
}
