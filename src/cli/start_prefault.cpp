// The release build's entry point (x86-64 Linux, static PIE only; CMakeLists.txt links it with
// `-Wl,-e,piaojue_start`): before glibc's _start relocates the executable, one
// madvise(MADV_POPULATE_WRITE) makes the writable segment's pages private and present in a
// single system call. Relocating a static PIE writes a pointer into nearly every page of that
// segment (~400 KiB of libcrypto's, libstdc++'s and our tables), and on the virtual machines we
// measured each such first write is a separate copy-on-write fault of ~11 µs: ~115 faults, about
// 1.2 ms of a 120-ballot meeting's run, against ~1 µs a page for the one call (docs/design.md,
// "Start-up").
//
// Nothing here may depend on relocation, thread-local storage or errno: it runs before glibc has
// set any of them up. Hence position-relative addressing only (hidden symbols), no stack
// protector, and the raw system call. A kernel without MADV_POPULATE_WRITE (before Linux 5.14)
// answers EINVAL, which is ignored: the pages then fault one by one, as without this file.
#if !defined(__x86_64__) || !defined(__linux__)
#error "start_prefault.cpp is for x86-64 Linux; CMakeLists.txt adds it only there"
#endif

#include <elf.h>
#include <link.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <cstdint>

namespace {

#ifdef MADV_POPULATE_WRITE
constexpr long k_populate_write = MADV_POPULATE_WRITE;
#else
constexpr long k_populate_write = 23;  // Linux 5.14's value; older headers lack the name
#endif
constexpr std::uintptr_t k_page = 4096;

}  // namespace

// The ELF header of this executable, placed by the linker at the start of the first segment.
extern "C" [[gnu::visibility("hidden")]] const ElfW(Ehdr) __ehdr_start;

extern "C" [[gnu::used, gnu::no_stack_protector]] void piaojue_prefault_writable() {
    const auto* ehdr = &__ehdr_start;
    const auto* phdrs = reinterpret_cast<const ElfW(Phdr)*>(reinterpret_cast<const char*>(ehdr) + ehdr->e_phoff);
    // The load bias: where the kernel put the segment that holds the ELF header, minus its link
    // address (0 for a PIE).
    std::uintptr_t bias = 0;
    for (unsigned i = 0; i < ehdr->e_phnum; ++i) {
        if (phdrs[i].p_type == PT_LOAD && phdrs[i].p_offset == 0) {
            bias = reinterpret_cast<std::uintptr_t>(ehdr) - phdrs[i].p_vaddr;
            break;
        }
    }
    for (unsigned i = 0; i < ehdr->e_phnum; ++i) {
        const ElfW(Phdr)& ph = phdrs[i];
        if (ph.p_type != PT_LOAD || (ph.p_flags & PF_W) == 0) continue;
        const std::uintptr_t begin = (bias + ph.p_vaddr) & ~(k_page - 1);
        const std::uintptr_t end = (bias + ph.p_vaddr + ph.p_memsz + k_page - 1) & ~(k_page - 1);
        long result;  // ignored: the advice is only a speed-up
        asm volatile("syscall"
                     : "=a"(result)
                     : "0"(long{SYS_madvise}), "D"(begin), "S"(end - begin), "d"(k_populate_write)
                     : "rcx", "r11", "memory");
    }
}

// The entry point proper: the kernel starts it with %rsp at argc and %rdx holding a function for
// atexit (zero for a static program); both are handed to _start unchanged (%r12 is preserved by
// the call).
asm(R"(
    .text
    .globl piaojue_start
    .type piaojue_start, @function
piaojue_start:
    mov %rdx, %r12
    call piaojue_prefault_writable
    mov %r12, %rdx
    jmp _start
    .size piaojue_start, .-piaojue_start
)");
