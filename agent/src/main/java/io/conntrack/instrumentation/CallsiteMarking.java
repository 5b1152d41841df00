package io.conntrack.instrumentation;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.tracking.Callsite;
import io.conntrack.tracking.CallsiteMarker;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Marks direct {@code getConnection()} calls in application code, so their acquisitions need no
 * stack walk. Requests come from the hot path's first (slow) resolution of a callsite; the monitor
 * thread applies them by retransforming the calling class, adding around the call:
 * <pre>  dup; ldc siteId; invokestatic Bridge.markSite(Object,int)   ...the call...   invokestatic Bridge.unmarkSite()</pre>
 * The stack effect is neutral, no branch is added, so existing stack map frames stay valid. The mark
 * carries the receiver, and the tracker uses it only when the very next outermost acquisition on the
 * thread is on that same receiver; anything else falls back to the stack walk. The JVM verifies the
 * new bytes before using them: a class it refuses keeps its old code and its callsite the slow path.
 */
public final class CallsiteMarking implements CallsiteMarker, ClassFileTransformer {

    private static final String BRIDGE = "io/conntrack/bootstrap/Bridge";
    private final Instrumentation inst;
    private final Consumer<String> log;
    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
    private final ClassValue<Marks> marks = new ClassValue<Marks>() {
        @Override
        protected Marks computeValue(Class<?> type) {
            return new Marks();
        }
    };
    private final LongAdder marked = new LongAdder();
    private final LongAdder refused = new LongAdder();

    public CallsiteMarking(Instrumentation inst, Consumer<String> log) {
        this.inst = inst;
        this.log = log;
    }

    public void install() {
        inst.addTransformer(this, true);
    }

    @Override
    public void request(Class<?> type, String methodName, String descriptor, Callsite site) {
        if (site.line > 0) {
            requests.add(new Request(type, new Mark(methodName, descriptor, site.line, site.id())));
        }
    }

    /** Call sites marked so far. */
    public long marked() {
        return marked.sum();
    }

    /** Call sites that could not be marked (they stay on the stack-walk path). */
    public long refused() {
        return refused.sum();
    }

    /** Applies queued requests. Monitor thread only. */
    public void applyPending() {
        Request r;
        while ((r = requests.poll()) != null) {
            Class<?> type = r.type;
            if (!canMark(type)) {
                refused.increment();
                continue;
            }
            Marks m = marks.get(type);
            m.add(r.mark);
            try {
                inst.retransformClasses(type);
                marked.increment();
            } catch (Throwable t) {
                m.remove(r.mark);
                refused.increment();
                log.accept("could not mark the call site " + type.getName() + "." + r.mark.method + " line " + r.mark.line
                        + " (it stays on the slower stack-walk path): " + t);
            }
        }
    }

    private boolean canMark(Class<?> type) {
        if (!inst.isModifiableClass(type)) {
            return false;
        }
        try {
            // The marked code calls Bridge: it must resolve to the bootstrap copy from the caller's loader.
            if (Class.forName(BRIDGE.replace('/', '.'), false, type.getClassLoader()) != Bridge.class) {
                return false;
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        Module module = type.getModule();
        if (module.isNamed() && !module.canRead(Bridge.class.getModule())) {
            inst.redefineModule(module, Set.of(Bridge.class.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
        }
        return true;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                            byte[] bytes) {
        if (redefined == null) {
            return null;
        }
        try {
            List<Mark> wanted = marks.get(redefined).list;
            if (wanted.isEmpty()) {
                return null;
            }
            ClassReader reader = new ClassReader(bytes);
            Marks classMarks = marks.get(redefined);
            recordOriginalLines(reader, wanted, classMarks);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String mname, String desc, String signature, String[] exceptions) {
                    MethodVisitor mv = super.visitMethod(access, mname, desc, signature, exceptions);
                    List<Mark> here = new ArrayList<>();
                    for (Mark m : wanted) {
                        if (m.method.equals(mname) && m.descriptor.equals(desc)) {
                            here.add(m);
                        }
                    }
                    return here.isEmpty() ? mv : new MarkingMethodVisitor(mv, here);
                }
            }, 0);
            return writer.toByteArray();
        } catch (Throwable t) {
            return null; // leave the class as it is
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
        return transform(null, loader, name, redefined, domain, bytes);
    }

    /**
     * Keeps the line tables of the methods about to be rewritten, in offsets of the original bytecode:
     * an unmodified copy (same constant pool, same encodings) resolves each label at its original offset.
     */
    private static void recordOriginalLines(ClassReader reader, List<Mark> wanted, Marks classMarks) {
        reader.accept(new ClassVisitor(Opcodes.ASM9, new ClassWriter(reader, 0)) {
            @Override
            public void visitSource(String source, String debug) {
                classMarks.sourceFile = source;
                super.visitSource(source, debug);
            }

            @Override
            public MethodVisitor visitMethod(int access, String mname, String desc, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, mname, desc, signature, exceptions);
                boolean isWanted = false;
                for (Mark m : wanted) {
                    isWanted |= m.method.equals(mname) && m.descriptor.equals(desc);
                }
                List<int[]> table = isWanted ? classMarks.lineTable(mname + desc) : null;
                return table == null ? mv : new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitLineNumber(int line, Label start) {
                        super.visitLineNumber(line, start);
                        table.add(new int[] {start.getOffset(), line});
                    }
                };
            }
        }, 0);
    }

    /** Wraps {@code getConnection()} calls on the marked lines. */
    private static final class MarkingMethodVisitor extends MethodVisitor {
        private final List<Mark> marks;
        private int line = -1;

        MarkingMethodVisitor(MethodVisitor mv, List<Mark> marks) {
            super(Opcodes.ASM9, mv);
            this.marks = marks;
        }

        @Override
        public void visitLineNumber(int l, Label start) {
            line = l;
            super.visitLineNumber(l, start);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
            Mark m = (opcode == Opcodes.INVOKEINTERFACE || opcode == Opcodes.INVOKEVIRTUAL)
                    && name.equals("getConnection") && desc.startsWith("()") ? at(line) : null;
            if (m == null) {
                super.visitMethodInsn(opcode, owner, name, desc, itf);
                return;
            }
            super.visitInsn(Opcodes.DUP);
            super.visitLdcInsn(m.siteId);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "markSite", "(Ljava/lang/Object;I)V", false);
            super.visitMethodInsn(opcode, owner, name, desc, itf);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "unmarkSite", "()V", false);
        }

        private Mark at(int l) {
            for (Mark m : marks) {
                if (m.line == l) {
                    return m;
                }
            }
            return null;
        }
    }

    private static final class Request {
        final Class<?> type;
        final Mark mark;

        Request(Class<?> type, Mark mark) {
            this.type = type;
            this.mark = mark;
        }
    }

    private static final class Mark {
        final String method;
        final String descriptor;
        final int line;
        final int siteId;

        Mark(String method, String descriptor, int line, int siteId) {
            this.method = method;
            this.descriptor = descriptor;
            this.line = line;
            this.siteId = siteId;
        }
    }

    @Override
    public int originalLine(Class<?> type, String methodName, String descriptor, int bci) {
        List<int[]> table = marks.get(type).lineTables.get(methodName + descriptor);
        int line = -1;
        int bestStart = -1;
        if (table != null) {
            for (int[] entry : table) {
                if (entry[0] <= bci && entry[0] >= bestStart) {
                    bestStart = entry[0];
                    line = entry[1];
                }
            }
        }
        return line;
    }

    @Override
    public String sourceFile(Class<?> type) {
        return marks.get(type).sourceFile;
    }

    /** The marks of one class; copy-on-write, written by the monitor thread only. */
    private static final class Marks {
        volatile List<Mark> list = Collections.emptyList();
        final Map<String, List<int[]>> lineTables = new java.util.concurrent.ConcurrentHashMap<>();
        volatile String sourceFile;

        /** The first rewrite of a method records its table; later ones (same original bytes) keep it. */
        List<int[]> lineTable(String methodKey) {
            List<int[]> table = new java.util.concurrent.CopyOnWriteArrayList<>();
            return lineTables.putIfAbsent(methodKey, table) == null ? table : null;
        }

        void add(Mark m) {
            List<Mark> next = new ArrayList<>(list);
            next.add(m);
            list = next;
        }

        void remove(Mark m) {
            List<Mark> next = new ArrayList<>(list);
            next.remove(m);
            list = next;
        }
    }
}
