//! zlib-rs's deflate through its zlib interface (libz-rs-sys): the one
//! module of handbill with `unsafe` code.
//!
//! The splice (`super::splice`) needs a deflate that takes a dictionary,
//! ends a piece on a byte with more to follow, and searches as deep as it
//! is told: libdeflate does none of the three, and zlib-rs's safe
//! interface has no `deflateTune`. The tuned search (chains of 64, lazy
//! matching up to 258) gives a card's drawn rows the bytes libdeflate's
//! level 7 gives them in about half its time (bench/peers.sh).

#![allow(unsafe_code)]

use libz_rs_sys as z;

/// zlib's codes for "done" and "stream end".
const OK: i32 = 0;
const STREAM_END: i32 = 1;
/// zlib's flush modes: end on a byte with more to follow, or end.
const SYNC_FLUSH: i32 = 2;
const FINISH: i32 = 4;

/// How deep the search goes: zlib's `deflateTune` (good length, lazy
/// match, nice length, chain length).
#[derive(Clone, Copy)]
pub struct Tune {
    pub good: i32,
    pub lazy: i32,
    pub nice: i32,
    pub chain: i32,
}

/// How a call ends the deflated data: on a byte with more to follow, or
/// as the end of the stream.
#[derive(Clone, Copy, PartialEq)]
pub enum End {
    More,
    Last,
}

/// A raw deflate stream (no zlib framing) that can be reset and reused.
pub struct Deflater {
    /// Boxed: zlib's state points back at the stream, so it must not move.
    stream: Box<z::z_stream>,
    tune: Option<Tune>,
}

// SAFETY: the stream's state is owned by it alone, allocated by the Rust
// allocator, and tied to no thread; its input and output pointers are set
// from live slices just before each call and not read after it. Moving a
// `Deflater` to another thread between calls (a pool of scratch buffers
// shared by rayon's threads) is therefore sound; `&Deflater` gives no access,
// so it is not made `Sync`.
unsafe impl Send for Deflater {}

/// zlib refused a call: a bug in handbill, with zlib's code.
#[derive(Clone, Debug)]
pub struct Refused(pub &'static str, pub i32);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "zlib refused {} (code {})", self.0, self.1)
    }
}

impl std::error::Error for Refused {}

fn check(what: &'static str, code: i32) -> Result<(), Refused> {
    match code {
        OK | STREAM_END => Ok(()),
        _ => Err(Refused(what, code)),
    }
}

impl Deflater {
    /// A raw deflate at `level` with a window of 2^`window_bits` bytes,
    /// searching as `tune` says (else as the level says).
    pub fn new(level: i32, window_bits: i32, tune: Option<Tune>) -> Result<Deflater, Refused> {
        let mut stream = Box::new(z::z_stream::default());
        let size = std::mem::size_of::<z::z_stream>() as i32;
        // SAFETY: the stream is a default (zeroed) z_stream, boxed so it
        // stays where zlib's state points; the version and size are the
        // library's own.
        let code = unsafe {
            z::deflateInit2_(
                &mut *stream,
                level,
                8, // Z_DEFLATED
                -window_bits,
                9, // memLevel: the largest hash table
                0, // Z_DEFAULT_STRATEGY
                z::zlibVersion(),
                size,
            )
        };
        check("deflateInit2", code)?;
        let mut deflater = Deflater { stream, tune };
        deflater.tune()?;
        Ok(deflater)
    }

    /// Starts a new stream (the tuning is set again: a reset undoes it).
    pub fn reset(&mut self) -> Result<(), Refused> {
        // SAFETY: the stream was initialized by `new` and is still boxed.
        check("deflateReset", unsafe {
            z::deflateReset(&mut *self.stream)
        })?;
        self.tune()
    }

    fn tune(&mut self) -> Result<(), Refused> {
        let Some(t) = self.tune else { return Ok(()) };
        // SAFETY: as in `reset`.
        let code = unsafe { z::deflateTune(&mut *self.stream, t.good, t.lazy, t.nice, t.chain) };
        check("deflateTune", code)
    }

    /// Bytes the next data may refer back to, as if deflated just before.
    pub fn dictionary(&mut self, bytes: &[u8]) -> Result<(), Refused> {
        let len = u32::try_from(bytes.len()).map_err(|_| Refused("a dictionary", -2))?;
        // SAFETY: `bytes` is valid for `len` bytes during the call, which
        // copies what it keeps.
        let code = unsafe { z::deflateSetDictionary(&mut *self.stream, bytes.as_ptr(), len) };
        check("deflateSetDictionary", code)
    }

    /// Deflates `input` onto the end of `out`, ended as `end` says.
    pub fn deflate(&mut self, input: &[u8], end: End, out: &mut Vec<u8>) -> Result<(), Refused> {
        let flush = match end {
            End::More => SYNC_FLUSH,
            End::Last => FINISH,
        };
        let mut input = input;
        loop {
            // A chunk of input at a time, so each count fits zlib's u32.
            let take = input.len().min(1 << 30);
            let room = take + take / 8 + 1024;
            out.reserve(room);
            let start = out.len();
            let spare = out.spare_capacity_mut();
            let s = &mut *self.stream;
            s.next_in = input.as_ptr();
            s.avail_in = take as u32;
            s.next_out = spare.as_mut_ptr().cast();
            s.avail_out = u32::try_from(spare.len()).unwrap_or(u32::MAX);
            let last = take == input.len();
            let mode = if last { flush } else { 0 };
            // SAFETY: next_in/avail_in cover `input`'s first `take` bytes,
            // next_out/avail_out the vector's spare capacity, which zlib
            // writes and no one reads until `set_len` below.
            let code = unsafe { z::deflate(s, mode) };
            check("deflate", code)?;
            let used_in = take - s.avail_in as usize;
            let written = spare.len().min(u32::MAX as usize) - s.avail_out as usize;
            // SAFETY: zlib wrote `written` bytes at the start of the spare
            // capacity.
            unsafe { out.set_len(start + written) };
            input = &input[used_in..];
            // Room left over: zlib has written all it had.
            if input.is_empty() && last && s.avail_out != 0 {
                return match end {
                    End::Last if code != STREAM_END => Err(Refused("to end the stream", code)),
                    _ => Ok(()),
                };
            }
        }
    }
}

/// The Adler-32 of two byte strings one after the other, from each one's
/// and the second's length (zlib's `adler32_combine`, which is safe).
pub fn adler32_combine(first: u32, second: u32, second_len: usize) -> u32 {
    let len = i64::try_from(second_len).unwrap_or(i64::MAX);
    z::adler32_combine(u64::from(first), u64::from(second), len) as u32
}

impl Drop for Deflater {
    fn drop(&mut self) {
        // SAFETY: the stream was initialized by `new`; it is not used again.
        unsafe { z::deflateEnd(&mut *self.stream) };
    }
}
