package bindercheck.impl.driver;

import static bindercheck.impl.Errno.EFAULT;
import static bindercheck.impl.Errno.EINVAL;
import static bindercheck.impl.Errno.EPERM;

import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.BinderTransactionData;
import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.impl.wire.Le;
import bindercheck.impl.wire.TransactionFlags;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps C7-C12 of {@code binder_transaction} (docs/driver.md §3.3, §3.4) for one transaction:
 * copy the offsets array and the data into the target buffer, object by object, translating each
 * object into the target's terms, then run the deferred scatter-gather copies with their pointer
 * fixups. FD objects (and the fds of an FDA) become fd fixups of the transaction, applied when it is
 * read. A PTR or FDA may only name as parent an object already validated, one at a lower index of
 * the offsets array (the CVE-2020-0041 rule), and fixups must come in buffer order.
 */
final class TransactionPayload {
    private static final long BUFFER_OBJECT_SIZE = BinderObjectType.BINDER_BUFFER_OBJECT_SIZE;
    private static final int EBADF = 9;

    /** A deferred copy of {@code length} sender bytes at {@code senderAddr} into the buffer at {@code offset}. */
    private record SgCopy(long offset, long senderAddr, long length) {
    }

    /**
     * A pointer fixup: at {@code offset}, write the 8-byte {@code fixupData} instead of the sender's
     * bytes, or (FDA, {@code skipSize} != 0) leave {@code skipSize} bytes for the fds of the read.
     */
    private record PtrFixup(long offset, long fixupData, long skipSize) {
    }

    private final BinderProc proc;
    private final BinderThread thread;
    private final BinderProc target;
    private final BinderTransaction t;
    private final BinderBuffer buf;
    private final BinderTransactionData tr;
    private final long extraBuffersSize;
    private final long secctxAlignedSize;
    private final BinderTransaction inReplyTo;
    private final BinderNode targetNode;
    private final List<SgCopy> sgc = new ArrayList<>();
    private final List<PtrFixup> pf = new ArrayList<>();
    /** Where a failure's unwinding stops releasing objects: the failing entry, 0 before the loop, the end after. */
    long releaseTo;
    /**
     * The BINDER / WEAK_BINDER / HANDLE / WEAK_HANDLE objects of the sender taken up for translation,
     * in offsets order, up to the one that failed (the step reports them).
     */
    final List<FlatBinderObject> translated = new ArrayList<>();

    TransactionPayload(BinderThread thread, BinderProc target, BinderTransaction t, BinderBuffer buf,
                       BinderTransactionData tr, long extraBuffersSize, long secctxAlignedSize,
                       BinderTransaction inReplyTo, BinderNode targetNode) {
        this.proc = thread.proc;
        this.thread = thread;
        this.target = target;
        this.t = t;
        this.buf = buf;
        this.tr = tr;
        this.extraBuffersSize = extraBuffersSize;
        this.secctxAlignedSize = secctxAlignedSize;
        this.inReplyTo = inReplyTo;
        this.targetNode = targetNode;
    }

    /** Runs C7-C12; null on success, else the failure ({@link #releaseTo} set). */
    TxnFailure copy() {
        long offStart = BinderProc.align8(tr.dataSize());
        if (!BinderObjects.copyUserToBuffer(proc, target, buf, offStart, tr.dataOffsets(), tr.offsetsSize())) {
            return fail(-EFAULT, "C7 offsets copy");
        }
        if (tr.offsetsSize() % 8 != 0) {
            return fail(-EINVAL, "C8 offsets size");
        }
        if (extraBuffersSize % 8 != 0) {
            return fail(-EINVAL, "C9 extra buffers size");
        }
        long offEnd = offStart + tr.offsetsSize();
        long sgBufOffset = BinderProc.align8(offEnd);
        long sgBufEnd = sgBufOffset + extraBuffersSize - secctxAlignedSize;
        long userOffset = 0;
        long offMin = 0;
        long lastFixupObjOff = 0;
        long lastFixupMinOff = 0;
        for (long bufferOffset = offStart; Long.compareUnsigned(bufferOffset, offEnd) < 0; bufferOffset += 8) {
            releaseTo = bufferOffset;
            byte[] entry = BinderObjects.copyFromBuffer(target, buf, bufferOffset, 8);
            if (entry == null) {
                return fail(-EINVAL, "C10 offset entry");
            }
            long objectOffset = Le.getLong(entry, 0);
            long copySize = objectOffset - userOffset;
            if (copySize != 0 && (Long.compareUnsigned(userOffset, objectOffset) > 0
                    || Long.compareUnsigned(objectOffset, tr.dataSize()) > 0
                    || !BinderObjects.copyUserToBuffer(proc, target, buf, userOffset, tr.dataBuffer() + userOffset,
                            copySize))) {
                return fail(-EFAULT, "C10 data before object");
            }
            int objectSize = BinderObjects.getObject(proc, tr.dataBuffer(), tr.dataSize(), objectOffset);
            if (objectSize == 0 || Long.compareUnsigned(objectOffset, offMin) < 0) {
                return fail(-EINVAL, "C10 invalid object");
            }
            userOffset = objectOffset + objectSize;
            offMin = userOffset;
            byte[] object = proc.memory.read(tr.dataBuffer() + objectOffset, objectSize);
            int type = Le.getInt(object, 0);
            long numValid = (bufferOffset - offStart) / 8;
            switch (type) {
                case BinderObjectType.BINDER_TYPE_BINDER, BinderObjectType.BINDER_TYPE_WEAK_BINDER,
                     BinderObjectType.BINDER_TYPE_HANDLE, BinderObjectType.BINDER_TYPE_WEAK_HANDLE -> {
                    FlatBinderObject fp = FlatBinderObject.decode(object);
                    translated.add(fp);
                    boolean local = type == BinderObjectType.BINDER_TYPE_BINDER
                            || type == BinderObjectType.BINDER_TYPE_WEAK_BINDER;
                    BinderObjects.Translation tl = local ? BinderObjects.translateBinder(fp, thread, target)
                            : BinderObjects.translateHandle(fp, thread, target);
                    if (tl.error() < 0
                            || !BinderObjects.copyToBuffer(target, buf, objectOffset, tl.object().encode())) {
                        return fail(tl.error(), "C10 translate " + BinderObjectType.name(type));
                    }
                }
                case BinderObjectType.BINDER_TYPE_FD -> {
                    int ret = translateFd(Le.getInt(object, 8), objectOffset + 8);
                    Le.putLong(object, 8, 0); // pad_binder: the fd is written when the transaction is read
                    if (ret < 0 || !BinderObjects.copyToBuffer(target, buf, objectOffset, object)) {
                        return fail(ret, "C10 translate FD");
                    }
                }
                case BinderObjectType.BINDER_TYPE_FDA -> {
                    long[] parentOffset = new long[1];
                    byte[] parent = validatePtr(Le.getLong(object, 16), offStart, parentOffset, numValid);
                    long fdaParentOffset = Le.getLong(object, 24);
                    if (parent == null || !validateFixup(offStart, parentOffset[0], fdaParentOffset, lastFixupObjOff,
                            lastFixupMinOff)) {
                        return fail(-EINVAL, "C10 FDA parent");
                    }
                    // The sender's own parent object, for the address of the fd array in its memory.
                    if (BinderObjects.getObject(proc, tr.dataBuffer(), tr.dataSize(), parentOffset[0])
                            != BUFFER_OBJECT_SIZE) {
                        return fail(-EINVAL, "C10 FDA sender parent");
                    }
                    byte[] userParent = proc.memory.read(tr.dataBuffer() + parentOffset[0], (int) BUFFER_OBJECT_SIZE);
                    int ret = translateFdArray(object, userParent, parent);
                    if (ret == 0 && !BinderObjects.copyToBuffer(target, buf, objectOffset, object)) {
                        ret = -EINVAL;
                    }
                    if (ret != 0) {
                        return fail(ret > 0 ? -EINVAL : ret, "C10 translate FDA");
                    }
                    lastFixupObjOff = parentOffset[0];
                    lastFixupMinOff = fdaParentOffset + 4 * Le.getLong(object, 8);
                }
                case BinderObjectType.BINDER_TYPE_PTR -> {
                    long length = Le.getLong(object, 16);
                    if (Long.compareUnsigned(length, sgBufEnd - sgBufOffset) > 0) {
                        return fail(-EINVAL, "C10 PTR too large");
                    }
                    sgc.add(new SgCopy(sgBufOffset, Le.getLong(object, 8), length));
                    Le.putLong(object, 8, buf.userData() + sgBufOffset);
                    sgBufOffset += BinderProc.align8(length);
                    int ret = fixupParent(object, offStart, numValid, lastFixupObjOff, lastFixupMinOff);
                    if (ret < 0 || !BinderObjects.copyToBuffer(target, buf, objectOffset, object)) {
                        return fail(ret, "C10 PTR parent");
                    }
                    lastFixupObjOff = objectOffset;
                    lastFixupMinOff = 0;
                }
                default -> {
                    return fail(-EINVAL, "C10 object type"); // unreachable: binder_get_object refused it
                }
            }
        }
        releaseTo = offEnd;
        if (!BinderObjects.copyUserToBuffer(proc, target, buf, userOffset, tr.dataBuffer() + userOffset,
                tr.dataSize() - userOffset)) {
            return fail(-EFAULT, "C11 data copy");
        }
        int ret = doDeferredCopies();
        return ret != 0 ? fail(ret, "C12 scatter-gather copies") : null;
    }

    private static TxnFailure fail(int param, String check) {
        return new TxnFailure(Br.BR_FAILED_REPLY, param, check);
    }

    /**
     * {@code binder_translate_fd}: the target must accept fds (a reply: the call's TF_ACCEPT_FDS;
     * otherwise the target node's accept_fds), else -EPERM; the sender's fd must be open, else
     * -EBADF. The file, with a new reference, becomes an fd fixup at {@code offset}.
     */
    private int translateFd(int fd, long offset) {
        boolean allows = inReplyTo != null ? (inReplyTo.flags & TransactionFlags.TF_ACCEPT_FDS) != 0
                : targetNode != null && targetNode.acceptFds;
        if (!allows) {
            return -EPERM;
        }
        FileTable.OpenFile file = proc.files.fget(fd);
        if (file == null) {
            return -EBADF;
        }
        t.fdFixups.add(new BinderTransaction.FdFixup(file, offset));
        return 0;
    }

    /**
     * {@code binder_translate_fd_array}: no fds is nothing to do; otherwise the fds must fit in the
     * parent buffer at parent_offset, both the target and the sender addresses of the array must be
     * 4-aligned, the array is skipped by the scatter-gather copy, and each fd (read from the sender's
     * copy of the parent buffer) is translated as an FD. Returns 0, a negative errno, or a positive
     * count of bytes a copy missed.
     */
    private int translateFdArray(byte[] fda, byte[] userParent, byte[] parent) {
        long numFds = Le.getLong(fda, 8);
        if (numFds == 0) {
            return 0;
        }
        long fdBufSize = 4 * numFds;
        if (Long.compareUnsigned(numFds, Long.divideUnsigned(-1L, 4)) >= 0) {
            return -EINVAL;
        }
        long parentLength = Le.getLong(parent, 16);
        long fdaParentOffset = Le.getLong(fda, 24);
        if (Long.compareUnsigned(fdBufSize, parentLength) > 0
                || Long.compareUnsigned(fdaParentOffset, parentLength - fdBufSize) > 0) {
            return -EINVAL;
        }
        long fdaOffset = Le.getLong(parent, 8) - buf.userData() + fdaParentOffset;
        long senderBase = Le.getLong(userParent, 8) + fdaParentOffset;
        if ((fdaOffset & 3) != 0 || (senderBase & 3) != 0) {
            return -EINVAL;
        }
        addFixup(fdaOffset, 0, fdBufSize);
        for (long fdi = 0; Long.compareUnsigned(fdi, numFds) < 0; fdi++) {
            int fd;
            try {
                fd = proc.memory.readInt(senderBase + 4 * fdi);
            } catch (bindercheck.impl.wire.UserFault f) {
                return 4;
            }
            int ret = translateFd(fd, fdaOffset + 4 * fdi);
            if (ret != 0) {
                return ret;
            }
        }
        return 0;
    }

    /**
     * {@code binder_fixup_parent}: a PTR with HAS_PARENT must name an earlier PTR (validated), in
     * fixup order, with room for a pointer at parent_offset; the new pointer is then a fixup of the
     * parent's copied bytes. Returns 0 or -EINVAL.
     */
    private int fixupParent(byte[] bp, long offStart, long numValid, long lastFixupObjOff, long lastFixupMinOff) {
        if ((Le.getInt(bp, 4) & BinderObjectType.BINDER_BUFFER_FLAG_HAS_PARENT) == 0) {
            return 0;
        }
        long[] parentOffset = new long[1];
        byte[] parent = validatePtr(Le.getLong(bp, 24), offStart, parentOffset, numValid);
        long bpParentOffset = Le.getLong(bp, 32);
        if (parent == null || !validateFixup(offStart, parentOffset[0], bpParentOffset, lastFixupObjOff,
                lastFixupMinOff)) {
            return -EINVAL;
        }
        long parentLength = Le.getLong(parent, 16);
        if (Long.compareUnsigned(parentLength, 8) < 0 || Long.compareUnsigned(bpParentOffset, parentLength - 8) > 0) {
            return -EINVAL;
        }
        addFixup(bpParentOffset + Le.getLong(parent, 8) - buf.userData(), Le.getLong(bp, 8), 0);
        return 0;
    }

    /**
     * {@code binder_validate_ptr} on the target buffer: the PTR object of offsets-array entry {@code
     * index}, which must be below {@code numValid}; its data offset goes to {@code objectOffset[0]}.
     * Null if the entry or object cannot be read or is not a PTR.
     */
    private byte[] validatePtr(long index, long offStart, long[] objectOffset, long numValid) {
        return validatePtr(target, buf, index, offStart, objectOffset, numValid);
    }

    static byte[] validatePtr(BinderProc owner, BinderBuffer b, long index, long offStart, long[] objectOffset,
                              long numValid) {
        if (Long.compareUnsigned(index, numValid) >= 0) {
            return null;
        }
        byte[] entry = BinderObjects.copyFromBuffer(owner, b, offStart + 8 * index, 8);
        if (entry == null) {
            return null;
        }
        long off = Le.getLong(entry, 0);
        byte[] object = BinderObjects.getBufferObject(owner, b, off);
        if (object == null || Le.getInt(object, 0) != BinderObjectType.BINDER_TYPE_PTR) {
            return null;
        }
        if (objectOffset != null) {
            objectOffset[0] = off;
        }
        return object;
    }

    /**
     * {@code binder_validate_fixup}: a fixup in the buffer of the PTR at {@code bufferObjOffset} is in
     * order if that PTR is the last object fixed up or one of its ancestors, and the fixup lies at or
     * after the end of the previous fixup in it. No previous fixup object (offset 0, which a PTR at
     * data offset 0 cannot be told apart from) means no valid parent.
     */
    private boolean validateFixup(long offStart, long bufferObjOffset, long fixupOffset, long lastObjOffset,
                                  long lastMinOffset) {
        if (lastObjOffset == 0) {
            return false;
        }
        // Parents were validated to lie at lower indexes: the walk ends within the array's length.
        for (long steps = 0; lastObjOffset != bufferObjOffset; steps++) {
            byte[] last = BinderObjects.getBufferObject(target, buf, lastObjOffset);
            if (last == null || last.length != BUFFER_OBJECT_SIZE || steps > tr.offsetsSize() / 8) {
                return false;
            }
            if ((Le.getInt(last, 4) & BinderObjectType.BINDER_BUFFER_FLAG_HAS_PARENT) == 0) {
                return false;
            }
            lastMinOffset = Le.getLong(last, 32) + 8;
            byte[] entry = BinderObjects.copyFromBuffer(target, buf, offStart + 8 * Le.getLong(last, 24), 8);
            if (entry == null) {
                return false;
            }
            lastObjOffset = Le.getLong(entry, 0);
        }
        return Long.compareUnsigned(fixupOffset, lastMinOffset) >= 0;
    }

    /** {@code binder_add_fixup}: insert in offset order, after the last fixup with a lower offset. */
    private void addFixup(long offset, long fixupData, long skipSize) {
        PtrFixup f = new PtrFixup(offset, fixupData, skipSize);
        for (int i = pf.size() - 1; i >= 0; i--) {
            if (Long.compareUnsigned(pf.get(i).offset(), offset) < 0) {
                pf.add(i + 1, f);
                return;
            }
        }
        pf.add(0, f);
    }

    /**
     * {@code binder_do_deferred_txn_copies}: copy each scatter-gather buffer from the sender, up to
     * each fixup inside it, where the new pointer is written (or the fd array skipped). Every copy is
     * attempted in order; the first failure makes the result -EINVAL.
     */
    private int doDeferredCopies() {
        int ret = 0;
        int next = 0;
        for (SgCopy c : sgc) {
            long copied = 0;
            while (Long.compareUnsigned(copied, c.length()) < 0) {
                long left = c.length() - copied;
                long offset = c.offset() + copied;
                PtrFixup f = next < pf.size() ? pf.get(next) : null;
                long copySize = f == null ? left : minUnsigned(left, f.offset() - offset);
                if (ret == 0 && copySize != 0
                        && !BinderObjects.copyUserToBuffer(proc, target, buf, offset, c.senderAddr() + copied,
                                copySize)) {
                    ret = -EINVAL;
                }
                copied += copySize;
                if (copySize != left) {
                    if (f.skipSize() != 0) {
                        copied += f.skipSize();
                    } else {
                        if (ret == 0
                                && !BinderObjects.copyToBuffer(target, buf, f.offset(), Le.ofLong(f.fixupData()))) {
                            ret = -EINVAL;
                        }
                        copied += 8;
                    }
                    next++;
                }
            }
        }
        for (int i = next; i < pf.size(); i++) {
            if (pf.get(i).skipSize() == 0) {
                throw new IllegalStateException("pointer fixup at " + pf.get(i).offset() + " outside every buffer");
            }
        }
        return ret;
    }

    private static long minUnsigned(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }
}
