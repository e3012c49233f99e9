package bindercheck.properties.explain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each drawn element stands for: the spec definition ({@code FILE.tla#NAME}) and the kernel function or struct of
 * Linux 6.1 (linked on elixir.bootlin.com). One table for the page's element kinds, one for the spec actions, one for
 * the BC_/BR_ items; the page embeds the table and the text of every definition it names ({@link SpecDefinitions}).
 */
public final class Concepts {
    /** Where the kernel's identifiers are looked up: Linux 6.1's source on elixir. */
    public static final String ELIXIR = "https://elixir.bootlin.com/linux/v6.1/A/ident/";

    /** A spec definition and a kernel identifier. */
    public record Ref(String spec, String kernel) {
    }

    private Concepts() {
    }

    /**
     * The element kinds the page draws, for a run whose buffers are the allocator's ({@code slots} false: byte
     * offsets, pages) or Binder.tla's one-unit slots.
     */
    public static Map<String, Ref> elements(boolean slots) {
        Map<String, Ref> m = new LinkedHashMap<>();
        m.put("proc", new Ref("Binder.tla#alive", "binder_proc"));
        m.put("thread", new Ref("Binder.tla#Threads", "binder_get_thread"));
        m.put("looper", new Ref("Binder.tla#MODULE", "binder_thread_write"));
        m.put("waiting", new Ref("Binder.tla#MODULE", "binder_wait_for_work"));
        m.put("error", new Ref("Binder.tla#FailWith", "binder_transaction"));
        m.put("stack", new Ref("Binder.tla#stack", "binder_pop_transaction_ilocked"));
        m.put("txn", new Ref("Binder.tla#TxnRec", "binder_transaction"));
        m.put("thread-todo", new Ref("Binder.tla#EnqThread", "binder_enqueue_thread_work_ilocked"));
        m.put("proc-todo", new Ref("Binder.tla#Dispatch", "binder_proc_transaction"));
        m.put("async-todo", new Ref("Binder.tla#asyncTodo", "binder_proc_transaction"));
        m.put("work", new Ref("Binder.tla#Work", "binder_thread_read"));
        m.put("node", new Ref("BinderRefs.tla#NodeRec", "binder_new_node"));
        m.put("ref", new Ref("BinderRefs.tla#RefRec", "binder_inc_ref_for_node"));
        m.put("death", new Ref("BinderRefs.tla#DeathStates", "binder_ref_death"));
        if (slots) {
            m.put("address-map", new Ref("Binder.tla#bufs", "binder_alloc_new_buf"));
            m.put("buffer", new Ref("Binder.tla#BufRec", "binder_alloc_new_buf"));
        } else {
            m.put("address-map", new Ref("BinderAlloc.tla#buffers", "binder_alloc_mmap_handler"));
            m.put("buffer", new Ref("BinderAlloc.tla#Buffer", "binder_alloc_new_buf"));
        }
        m.put("page", new Ref("BinderAlloc.tla#pages", "binder_update_page_range"));
        return m;
    }

    /** The kernel function behind each spec action, by the action's TLA+ name. */
    private static final Map<String, String> ACTION_KERNEL = Map.ofEntries(
            Map.entry("BcTransaction", "binder_transaction"), Map.entry("BcReply", "binder_transaction"),
            Map.entry("BcFreeBuffer", "binder_free_buf"), Map.entry("BrTransaction", "binder_thread_read"),
            Map.entry("BrReply", "binder_thread_read"), Map.entry("BrTransactionComplete", "binder_thread_read"),
            Map.entry("BrDeadReply", "binder_thread_read"), Map.entry("BrFailedReply", "binder_thread_read"),
            Map.entry("ThreadRelease", "binder_thread_release"), Map.entry("ProcRelease", "binder_deferred_release"),
            Map.entry("BcIncrefs", "binder_update_ref_for_handle"), Map.entry("BcAcquire", "binder_update_ref_for_handle"),
            Map.entry("BcRelease", "binder_update_ref_for_handle"), Map.entry("BcDecrefs", "binder_update_ref_for_handle"),
            Map.entry("BcIncrefsDone", "binder_thread_write"), Map.entry("BcAcquireDone", "binder_thread_write"),
            Map.entry("BcRequestDeathNotification", "binder_thread_write"),
            Map.entry("BcClearDeathNotification", "binder_thread_write"),
            Map.entry("BcDeadBinderDone", "binder_thread_write"), Map.entry("WorkNode", "binder_thread_read"),
            Map.entry("BrDeadBinder", "binder_thread_read"), Map.entry("BrClearDeathNotificationDone", "binder_thread_read"),
            Map.entry("IoctlSetCtxMgr", "binder_ioctl_set_ctx_mgr"), Map.entry("Alloc", "binder_alloc_new_buf"),
            Map.entry("Free", "binder_alloc_free_buf"), Map.entry("Shrink", "binder_alloc_free_page"),
            Map.entry("Unmap", "binder_alloc_vma_close"), Map.entry("Teardown", "binder_alloc_deferred_release"),
            Map.entry("Init", "binder_open"));

    /** The action a label names: {@code BcReply} of {@code BcReply(<<pa, k1>>)}. */
    public static String actionName(String label) {
        int open = label.indexOf('(');
        return (open < 0 ? label : label.substring(0, open)).strip();
    }

    /**
     * A spec action's definition in {@code specFile} and its kernel function; a step no action stands for (a stutter,
     * work the spec leaves out, a mismatch) links to the spec's header, which says what the spec leaves out.
     */
    public static Ref action(String specFile, String label) {
        String name = actionName(label);
        String kernel = ACTION_KERNEL.get(name);
        if (kernel == null || !name.matches("[A-Za-z][A-Za-z0-9]*")) {
            return new Ref(specFile + "#MODULE", "binder_ioctl");
        }
        return new Ref(specFile + "#" + name, kernel);
    }

    /**
     * A BC_ or BR_ item: the action of the spec that has one for it ({@code BC_INCREFS_DONE} is BinderRefs.tla's
     * BcIncrefsDone; the node's BR_ words are its WorkNode), else the header of Binder.tla (looper commands and the
     * like, which no spec has); its kernel function is the one that writes or reads it.
     */
    public static Ref wire(String name, SpecDefinitions defs) {
        String kernel = name.startsWith("BC_") ? "binder_thread_write" : "binder_thread_read";
        String action = camel(name);
        if (List.of("BR_INCREFS", "BR_ACQUIRE", "BR_RELEASE", "BR_DECREFS").contains(name)) {
            action = "WorkNode";
        } else if (name.equals("BR_TRANSACTION_SEC_CTX")) {
            action = "BrTransaction";
        }
        for (String file : List.of("Binder.tla", "BinderRefs.tla")) {
            if (defs.has(file + "#" + action)) {
                return new Ref(file + "#" + action, kernel);
            }
        }
        return new Ref("Binder.tla#MODULE", kernel);
    }

    /** {@code BC_INCREFS_DONE} as the spec names its action: {@code BcIncrefsDone}. */
    static String camel(String uapi) {
        StringBuilder sb = new StringBuilder();
        for (String part : uapi.toLowerCase(Locale.ROOT).split("_")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }
}
