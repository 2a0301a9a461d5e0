package dev.nabla.cuda;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * Downcall handles from one library's symbols. Bindings take a {@link SymbolLookup} rather than
 * a path, so that tests can hand them Java stand-ins (upcall stubs) for the native functions.
 */
final class Symbols {
    private final SymbolLookup lookup;
    private final String library;

    Symbols(SymbolLookup lookup, String library) {
        this.lookup = lookup;
        this.library = library;
    }

    /** The function {@code name}, which must exist: a missing one names the library and the symbol. */
    @SuppressWarnings("restricted")
    MethodHandle bind(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new IllegalStateException(
                library + " has no symbol " + name + ": too old a version, or not the library expected"));
        return Linker.nativeLinker().downcallHandle(symbol, descriptor);
    }

    /** A downcall returning a status; {@code invokeExact} needs the exact types at its own call site. */
    @FunctionalInterface
    interface Call {
        int invoke() throws Throwable;
    }

    /** The status {@code call} returned. Downcalls declare Throwable but only fail on bugs of ours. */
    static int status(Call call) {
        try {
            return call.invoke();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Rethrows what a downcall threw as unchecked. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
