#include <evo/host/sha256.hpp>

#include <array>
#include <cstdint>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace evo::host {
namespace {

constexpr std::array<uint32_t, 64> round_constants = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr uint32_t rotr(uint32_t x, int n) {
    return (x >> n) | (x << (32 - n));
}

void compress(std::array<uint32_t, 8>& state, const unsigned char* block) {
    uint32_t w[64];
    for (int i = 0; i < 16; ++i)
        w[i] = uint32_t(block[4 * i]) << 24 | uint32_t(block[4 * i + 1]) << 16 |
               uint32_t(block[4 * i + 2]) << 8 | uint32_t(block[4 * i + 3]);
    for (int i = 16; i < 64; ++i) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    auto [a, b, c, d, e, f, g, h] = state;
    for (int i = 0; i < 64; ++i) {
        uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) +
                      round_constants[i] + w[i];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    const uint32_t add[8] = {a, b, c, d, e, f, g, h};
    for (int i = 0; i < 8; ++i)
        state[i] += add[i];
}

#if defined(__x86_64__)
// The same compression with the SHA extensions (Intel SHA-NI, AMD Zen): four to six times the
// portable speed, which is most of what `evo validate` spends on a tree served from its cache.
// The state lives as {A,B,E,F} and {C,D,G,H}, the order sha256rnds2 takes.
__attribute__((target("sha,sse4.1"))) void compress_sha_ni(std::array<uint32_t, 8>& state,
                                                           const unsigned char* block) {
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i dcba =
        _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[0])), 0xB1);
    __m128i efgh =
        _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[4])), 0x1B);
    __m128i abef = _mm_alignr_epi8(dcba, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, dcba, 0xF0);
    const __m128i abef_before = abef, cdgh_before = cdgh;

    __m128i w[4]; // the message schedule, four words at a time, as a ring
    for (int i = 0; i < 4; ++i)
        w[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * i)),
                                byte_swap);
    for (int group = 0; group < 16; ++group) { // four rounds each
        __m128i& current = w[group % 4];
        __m128i& next = w[(group + 1) % 4];
        __m128i& previous = w[(group + 3) % 4];
        __m128i words = _mm_add_epi32(current, _mm_loadu_si128(reinterpret_cast<const __m128i*>(
                                                   &round_constants[4 * group])));
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, words);
        if (group >= 3 && group <= 14) { // words 16..63: next four from the last sixteen
            next = _mm_add_epi32(next, _mm_alignr_epi8(current, previous, 4));
            next = _mm_sha256msg2_epu32(next, current);
        }
        abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(words, 0x0E));
        if (group >= 1 && group <= 12) previous = _mm_sha256msg1_epu32(previous, current);
    }
    abef = _mm_add_epi32(abef, abef_before);
    cdgh = _mm_add_epi32(cdgh, cdgh_before);

    const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[0]), _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[4]), _mm_alignr_epi8(dchg, feba, 8));
}
#endif

using compress_fn = void (*)(std::array<uint32_t, 8>&, const unsigned char*);

// CPUID rather than __builtin_cpu_supports: Clang's does not know "sha". Leaf 7 EBX bit 29:
// SHA; leaf 1 ECX bit 19: SSE4.1.
bool cpu_has_sha_ni() {
#if defined(__x86_64__)
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & (1u << 19))) return false;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
    return (ebx & (1u << 29)) != 0;
#else
    return false;
#endif
}

compress_fn fastest_compress() {
#if defined(__x86_64__)
    if (cpu_has_sha_ni()) return compress_sha_ni;
#endif
    return compress;
}

std::string digest(std::string_view data, compress_fn compress) {
    std::array<uint32_t, 8> state = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::size_t full = data.size() / 64 * 64;
    for (std::size_t i = 0; i < full; i += 64)
        compress(state, reinterpret_cast<const unsigned char*>(data.data() + i));
    unsigned char tail[128] = {};
    std::size_t rest = data.size() % 64;
    for (std::size_t i = 0; i < rest; ++i)
        tail[i] = static_cast<unsigned char>(data[full + i]);
    tail[rest] = 0x80;
    std::size_t tail_len = rest + 9 <= 64 ? 64 : 128;
    uint64_t bits = uint64_t(data.size()) * 8;
    for (int i = 0; i < 8; ++i)
        tail[tail_len - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
    for (std::size_t i = 0; i < tail_len; i += 64)
        compress(state, tail + i);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (uint32_t word : state)
        for (int shift = 28; shift >= 0; shift -= 4)
            out += hex[(word >> shift) & 0xf];
    return out;
}

} // namespace

std::string sha256_hex(std::string_view data) {
    static const compress_fn chosen = fastest_compress();
    return digest(data, chosen);
}

namespace detail {

std::string sha256_hex_portable(std::string_view data) {
    return digest(data, compress);
}

bool sha256_accelerated() {
    return fastest_compress() != compress;
}

} // namespace detail

} // namespace evo::host
