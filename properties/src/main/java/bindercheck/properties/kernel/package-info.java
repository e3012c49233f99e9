/**
 * The real driver: runs binder system calls on Debian's Linux kernel (its {@code binder_linux.ko}) in a qemu
 * VM. {@link bindercheck.properties.kernel.Guest} boots the VM and is the client of its PID 1, the executor
 * ({@code kernel/executor.c}); {@code kernel/PROTOCOL.md} is the contract between the two. {@link
 * bindercheck.properties.kernel.KernelImage}, {@link bindercheck.properties.kernel.ExecutorBuild}, {@link
 * bindercheck.properties.kernel.Initramfs} and {@link bindercheck.properties.kernel.Qemu} get what a boot needs,
 * each cached under {@link bindercheck.properties.kernel.KernelImage#defaultCache()}.
 */
package bindercheck.properties.kernel;
