package bindercheck.impl.driver;

import static bindercheck.impl.Errno.EINVAL;
import static bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_BINDER;
import static bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_HANDLE;
import static bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_WEAK_BINDER;
import static bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_WEAK_HANDLE;

import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.impl.wire.Le;
import bindercheck.impl.wire.UserFault;

/**
 * The objects of a transaction buffer: translation of BINDER / WEAK_BINDER / HANDLE / WEAK_HANDLE
 * objects from the sender's terms into the target's ({@code binder_translate_binder}, {@code
 * binder_translate_handle}) and the release of the references a buffer holds ({@code
 * binder_transaction_buffer_release}), on a failed send and on BC_FREE_BUFFER; and the checked
 * access to a buffer's bytes these and {@link TransactionPayload} go through ({@code
 * binder_alloc_copy_user_to_buffer}, {@code binder_alloc_copy_to_buffer}, {@code
 * binder_alloc_copy_from_buffer}, {@code binder_get_object}).
 */
final class BinderObjects {
    private BinderObjects() {
    }

    /** A translated object, or the translation's negative errno (object null). */
    record Translation(int error, FlatBinderObject object) {
        static Translation failed(int error) {
            return new Translation(error, null);
        }
    }

    /**
     * {@code binder_translate_binder}: the sender's own object. Its node is found or created (a new
     * node draws a debug id and takes the object's cookie and flags); a cookie other than the node's
     * is -EINVAL. The target gets a ref (found or created) with a strong or weak count, the node work
     * going to the sending thread's todo; the object becomes a HANDLE / WEAK_HANDLE with the
     * target's handle and cookie 0.
     */
    static Translation translateBinder(FlatBinderObject fp, BinderThread thread, BinderProc targetProc) {
        BinderProc proc = thread.proc;
        boolean strong = fp.type() == BINDER_TYPE_BINDER;
        BinderNode node = proc.nodes.get(fp.binderOrHandle());
        if (node == null) {
            node = proc.newNode(fp.binderOrHandle(), fp.cookie(), fp.flags());
        }
        Translation result;
        if (fp.cookie() != node.cookie) {
            result = Translation.failed(-EINVAL);
        } else {
            BinderRef ref = targetProc.refs.incRefForNode(node, strong, thread);
            result = ref == null ? Translation.failed(-EINVAL)
                    : new Translation(0, new FlatBinderObject(strong ? BINDER_TYPE_HANDLE : BINDER_TYPE_WEAK_HANDLE,
                            fp.flags(), Integer.toUnsignedLong(ref.desc), 0));
        }
        putNode(node);
        return result;
    }

    /**
     * {@code binder_translate_handle}: a ref of the sender (a HANDLE needs a strong count), else
     * -EINVAL. Sent to the node's owner, the object becomes BINDER / WEAK_BINDER with the node's
     * ptr and cookie and the node takes a local count; sent anywhere else (a dead node included),
     * the target's ref on the node (found or created) takes a count and the object carries its
     * handle with cookie 0.
     */
    static Translation translateHandle(FlatBinderObject fp, BinderThread thread, BinderProc targetProc) {
        boolean strong = fp.type() == BINDER_TYPE_HANDLE;
        BinderRef ref = thread.proc.refs.get((int) fp.binderOrHandle(), strong);
        if (ref == null) {
            return Translation.failed(-EINVAL);
        }
        BinderNode node = ref.node;
        Translation result;
        if (node.proc == targetProc) {
            node.incNode(strong, false, null);
            result = new Translation(0, new FlatBinderObject(strong ? BINDER_TYPE_BINDER : BINDER_TYPE_WEAK_BINDER,
                    fp.flags(), node.ptr, node.cookie));
        } else {
            BinderRef dest = targetProc.refs.incRefForNode(node, strong, null);
            result = dest == null ? Translation.failed(-EINVAL)
                    : new Translation(0, new FlatBinderObject(fp.type(), fp.flags(),
                            Integer.toUnsignedLong(dest.desc), 0));
        }
        putNode(node);
        return result;
    }

    /**
     * {@code binder_put_node} after a lookup pinned the node: the pin's release re-checks the node
     * as an internal weak decrement does, which may queue its work or free it.
     */
    static void putNode(BinderNode node) {
        if (!node.freed) {
            node.decNode(false, true);
        }
    }

    /**
     * {@code binder_transaction_buffer_release}: drop the target node's reference of {@code buffer}
     * (owned by {@code proc}), then undo each object whose offsets-array entry lies before {@code
     * offEnd}: a BINDER / WEAK_BINDER (the proc's own node) drops a local count, a HANDLE /
     * WEAK_HANDLE one count of the proc's ref (silently nothing if the ref lacks it). Entries that
     * cannot be read back, bad objects and unknown nodes are skipped.
     */
    static void bufferRelease(BinderProc proc, BinderThread thread, BinderBuffer buffer, long offEnd,
                              boolean isFailure) {
        BinderNode target = proc.bufferLinks.targetNode(buffer);
        if (target != null) {
            target.decNode(true, false);
        }
        long offStart = BinderProc.align8(buffer.dataSize());
        for (long bufferOffset = offStart; Long.compareUnsigned(bufferOffset, offEnd) < 0; bufferOffset += 8) {
            byte[] off = copyFromBuffer(proc, buffer, bufferOffset, 8);
            if (off == null) {
                continue;
            }
            byte[] object = getBufferObject(proc, buffer, Le.getLong(off, 0));
            if (object == null) {
                continue;
            }
            int type = Le.getInt(object, 0);
            switch (type) {
                case BINDER_TYPE_BINDER, BINDER_TYPE_WEAK_BINDER -> {
                    BinderNode node = proc.nodes.get(Le.getLong(object, 8));
                    if (node != null) {
                        node.decNode(type == BINDER_TYPE_BINDER, false);
                        putNode(node);
                    }
                }
                case BINDER_TYPE_HANDLE, BINDER_TYPE_WEAK_HANDLE ->
                    proc.refs.updateRefForHandle(Le.getInt(object, 8), false, type == BINDER_TYPE_HANDLE);
                case BinderObjectType.BINDER_TYPE_FDA -> {
                    if (!isFailure) {
                        closeFdArray(proc, thread, buffer, object, (bufferOffset - offStart) / 8, offStart);
                    }
                }
                default -> {
                    // FD: the receiver owns the installed fd (a failed send never installed it); PTR: nothing held.
                }
            }
        }
    }

    /**
     * The FDA case of the release: the fds the read installed (found through the FDA's parent buffer)
     * are closed in the owner's process, at once ({@code binder_deferred_fd_close}: the descriptor
     * goes now, the last reference at the return to user space), and the freeing thread must return
     * to user space. A bad parent or array is skipped.
     */
    private static void closeFdArray(BinderProc proc, BinderThread thread, BinderBuffer buffer, byte[] fda,
                                     long numValid, long offStart) {
        byte[] parent = TransactionPayload.validatePtr(proc, buffer, Le.getLong(fda, 16), offStart, null, numValid);
        if (parent == null) {
            return;
        }
        long numFds = Le.getLong(fda, 8);
        long fdBufSize = 4 * numFds;
        long parentLength = Le.getLong(parent, 16);
        long parentOffset = Le.getLong(fda, 24);
        if (Long.compareUnsigned(numFds, Long.divideUnsigned(-1L, 4)) >= 0
                || Long.compareUnsigned(fdBufSize, parentLength) > 0
                || Long.compareUnsigned(parentOffset, parentLength - fdBufSize) > 0) {
            return;
        }
        long fdaOffset = Le.getLong(parent, 8) - buffer.userData() + parentOffset;
        for (long i = 0; Long.compareUnsigned(i, numFds) < 0; i++) {
            byte[] fd = copyFromBuffer(proc, buffer, fdaOffset + 4 * i, 4);
            if (fd != null) {
                proc.files.close(Le.getInt(fd, 0));
                if (thread != null) {
                    thread.looperNeedReturn = true;
                }
            }
        }
    }

    /**
     * {@code binder_alloc_copy_user_to_buffer}: copy {@code bytes} from {@code sender}'s memory at
     * {@code userAddress} into {@code buf} of {@code targetProc} at {@code bufferOffset}. Fails
     * (false) on the allocator's {@code check_buffer} (bounds, 4-byte alignment, state) or a fault.
     */
    static boolean copyUserToBuffer(BinderProc sender, BinderProc targetProc, BinderBuffer buf, long bufferOffset,
                                    long userAddress, long bytes) {
        long extent = buf.extent();
        if (Long.compareUnsigned(bytes, extent) > 0 || Long.compareUnsigned(bufferOffset, extent - bytes) > 0
                || (bufferOffset & 3) != 0 || buf.isFree()
                || (buf.allowUserFree() && targetProc.bufferLinks.transaction(buf) != null)) {
            return false;
        }
        if (bytes == 0) {
            return true;
        }
        byte[] data;
        try {
            data = sender.memory.read(userAddress, (int) bytes);
        } catch (UserFault f) {
            return false;
        }
        targetProc.memory.kernelWrite(buf.userData() + bufferOffset, data);
        return true;
    }

    /**
     * {@code binder_alloc_copy_to_buffer}: write kernel bytes into {@code buf} of {@code targetProc}
     * at {@code bufferOffset}; false when {@code check_buffer} refuses.
     */
    static boolean copyToBuffer(BinderProc targetProc, BinderBuffer buf, long bufferOffset, byte[] bytes) {
        if (copyFromBuffer(targetProc, buf, bufferOffset, bytes.length) == null) {
            return false;
        }
        targetProc.memory.kernelWrite(buf.userData() + bufferOffset, bytes);
        return true;
    }

    /**
     * {@code binder_alloc_copy_from_buffer}: {@code bytes} of {@code buffer} at {@code offset}, or
     * null when {@code check_buffer} refuses (outside the buffer's extent, not 4-aligned, free).
     */
    static byte[] copyFromBuffer(BinderProc proc, BinderBuffer buffer, long offset, long bytes) {
        long extent = buffer.extent();
        if (Long.compareUnsigned(bytes, extent) > 0 || Long.compareUnsigned(offset, extent - bytes) > 0
                || (offset & 3) != 0 || buffer.isFree()
                || (buffer.allowUserFree() && proc.bufferLinks.transaction(buffer) != null)) {
            return null;
        }
        return proc.memory.kernelRead(buffer.userData() + offset, (int) bytes);
    }

    /**
     * {@code binder_get_object} on the sender's data at {@code dataBuffer}: the object's size, or
     * 0 when the offset is past data_size, fewer than 4 bytes remain, the offset is not 4-aligned,
     * the read faults, the type is unknown or the object does not fit in data_size.
     */
    static int getObject(BinderProc sender, long dataBuffer, long dataSize, long offset) {
        long readSize = Long.compareUnsigned(dataSize - offset, BinderObjectType.BINDER_OBJECT_SIZE) < 0
                ? dataSize - offset : BinderObjectType.BINDER_OBJECT_SIZE;
        if (Long.compareUnsigned(offset, dataSize) > 0 || Long.compareUnsigned(readSize, 4) < 0 || (offset & 3) != 0) {
            return 0;
        }
        int type;
        try {
            type = sender.memory.readInt(dataBuffer + offset);
            sender.memory.read(dataBuffer + offset, (int) readSize);
        } catch (UserFault f) {
            return 0;
        }
        int objectSize = BinderObjectType.objectSize(type);
        if (objectSize == 0) {
            return 0;
        }
        return Long.compareUnsigned(offset, dataSize - objectSize) <= 0 && Long.compareUnsigned(dataSize, objectSize) >= 0
                ? objectSize : 0;
    }

    /**
     * {@code binder_get_object} on a buffer (no user pointer): the object at {@code offset}, as many
     * bytes as its type has, or null when it is not a whole known object inside data_size.
     */
    static byte[] getBufferObject(BinderProc proc, BinderBuffer buffer, long offset) {
        long dataSize = buffer.dataSize();
        long readSize = Long.compareUnsigned(dataSize - offset, BinderObjectType.BINDER_OBJECT_SIZE) < 0
                ? dataSize - offset : BinderObjectType.BINDER_OBJECT_SIZE;
        if (Long.compareUnsigned(offset, dataSize) > 0 || Long.compareUnsigned(readSize, 4) < 0 || (offset & 3) != 0) {
            return null;
        }
        byte[] raw = copyFromBuffer(proc, buffer, offset, readSize);
        if (raw == null) {
            return null;
        }
        int size = BinderObjectType.objectSize(Le.getInt(raw, 0));
        if (size == 0 || Long.compareUnsigned(offset, dataSize - size) > 0
                || Long.compareUnsigned(dataSize, size) < 0) {
            return null;
        }
        byte[] object = new byte[size];
        System.arraycopy(raw, 0, object, 0, Math.min(size, raw.length));
        return object;
    }
}
