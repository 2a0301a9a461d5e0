package dev.nabla.cuda;

/** A CUDA, NVRTC or cuBLAS call that returned an error: the call, the code and its name. */
public final class CudaException extends RuntimeException {
    private final int status;

    CudaException(String call, int status, String name) {
        this(call, status, name, "");
    }

    CudaException(String call, int status, String name, String detail) {
        super(call + " failed: " + name + " (" + status + ")" + (detail.isEmpty() ? "" : "\n" + detail));
        this.status = status;
    }

    /** The status code the library returned. */
    public int status() {
        return status;
    }
}
