package dev.nabla.backend;

import dev.nabla.DType;
import dev.nabla.Device;

/**
 * A flat buffer of elements owned by one backend. Layouts say how a tensor reads it.
 * CPU storage is a Java array and belongs to the garbage collector.
 */
public interface Storage {
    Device device();

    DType dtype();

    /** Number of elements. */
    int size();
}
