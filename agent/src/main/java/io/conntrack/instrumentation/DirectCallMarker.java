package io.conntrack.instrumentation;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.tracking.SiteTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Marks the direct {@code getConnection()} calls of an application class as it loads, so that their
 * acquisitions are attributed without a stack walk. Each call becomes
 * <pre>  dup; ldc id; invokestatic Bridge.markSite(Object,int)   ...the call...   invokestatic Bridge.unmarkSite()</pre>
 * where {@code id} names the call site (class and loader, method and descriptor, line) in the
 * {@link SiteTable}. The stack effect is neutral and no branch is added, so the stack map frames stay
 * valid; line numbers stay where they were. The mark carries the receiver: the tracker uses it only
 * when the next outermost acquisition on the thread is on that same object.
 *
 * <p>This happens only when the class is first defined, never by retransforming a class that already
 * runs: a method redefined while one of its frames is active loses that frame's file and line in
 * every stack trace the application prints.
 */
final class DirectCallMarker {

    private static final String BRIDGE = Type.getInternalName(Bridge.class);

    private DirectCallMarker() {
    }

    /** The class with its direct calls marked, or null when it has none (or the table is full). */
    static byte[] mark(byte[] bytes, ClassLoader loader, SiteTable table) {
        ClassReader reader = new ClassReader(bytes);
        String className = reader.getClassName().replace('/', '.');
        Map<String, DriverManagerCalls> driverManager = DriverManagerCalls.find(reader, loader, table, className);
        ClassWriter writer = new ClassWriter(reader, 0);
        Marking marking = new Marking(writer, loader, table, className, driverManager);
        reader.accept(marking, 0);
        return marking.marked > 0 ? writer.toByteArray() : null;
    }

    /** Whether the call is one that {@link #mark} wraps: an instance {@code getConnection()} without arguments. */
    static boolean isDirectAcquisition(int opcode, String name, String descriptor) {
        return (opcode == Opcodes.INVOKEINTERFACE || opcode == Opcodes.INVOKEVIRTUAL)
                && name.equals("getConnection") && descriptor.startsWith("()L");
    }

    /** {@code DriverManager.getConnection(url...)}: the JDK's, not instrumented, so its own failures are counted here. */
    static boolean isDriverManagerCall(int opcode, String owner, String name, String descriptor) {
        return opcode == Opcodes.INVOKESTATIC && owner.equals("java/sql/DriverManager") && name.equals("getConnection")
                && descriptor.endsWith(")Ljava/sql/Connection;");
    }

    /**
     * The {@code DriverManager.getConnection} calls of one method, in order, found before the class is
     * rewritten: each gets an exception table entry that must come before the method's own (the JVM takes
     * the first entry that covers an instruction), so they are declared when its code starts. An id of -1
     * leaves that call alone (table full, or in a constructor before {@code this} is initialized).
     */
    static final class DriverManagerCalls {
        final List<Integer> ids = new ArrayList<>();
        /** Line to mark id, shared with the method's getConnection() marks: one line, one callsite. */
        final Map<Integer, Integer> idByLine = new HashMap<>();

        static Map<String, DriverManagerCalls> find(ClassReader reader, ClassLoader loader, SiteTable table, String className) {
            Map<String, DriverManagerCalls> out = new HashMap<>();
            if (!mentionsDriverManager(reader)) {
                return out;
            }
            String[] sourceFile = new String[1];
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visitSource(String source, String debug) {
                    sourceFile[0] = source;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    boolean constructor = name.equals("<init>");
                    return new MethodVisitor(Opcodes.ASM9) {
                        private int line = -1;
                        private int pendingNew;
                        private boolean thisInitialized = !constructor;

                        @Override
                        public void visitLineNumber(int l, Label start) {
                            line = l;
                        }

                        @Override
                        public void visitTypeInsn(int opcode, String type) {
                            if (opcode == Opcodes.NEW) {
                                pendingNew++;
                            }
                        }

                        @Override
                        public void visitMethodInsn(int opcode, String owner, String mname, String mdesc, boolean itf) {
                            if (opcode == Opcodes.INVOKESPECIAL && mname.equals("<init>")) {
                                if (pendingNew > 0) {
                                    pendingNew--;
                                } else {
                                    thisInitialized = true;
                                }
                            }
                            if (!isDriverManagerCall(opcode, owner, mname, mdesc)) {
                                return;
                            }
                            DriverManagerCalls calls = out.computeIfAbsent(name + descriptor, k -> new DriverManagerCalls());
                            int id = -1;
                            if (thisInitialized) { // a handler where this is uninitialized needs flags no frame here has
                                Integer known = calls.idByLine.get(line);
                                id = known != null ? known : table.declare(loader, className, name, descriptor, sourceFile[0], line);
                                calls.idByLine.put(line, id);
                            }
                            calls.ids.add(id);
                        }
                    };
                }
            }, ClassReader.SKIP_FRAMES);
            return out;
        }

        private static boolean mentionsDriverManager(ClassReader reader) {
            char[] buf = new char[reader.getMaxStringLength()];
            for (int i = 1; i < reader.getItemCount(); i++) {
                int offset = reader.getItem(i);
                if (offset > 0 && reader.readByte(offset - 1) == 7 /* CONSTANT_Class */
                        && "java/sql/DriverManager".equals(reader.readUTF8(offset, buf))) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class Marking extends ClassVisitor {
        private final ClassLoader loader;
        private final SiteTable table;
        private final String className;
        private final Map<String, DriverManagerCalls> driverManager;
        private String sourceFile;
        private boolean frames;
        int marked;

        Marking(ClassVisitor next, ClassLoader loader, SiteTable table, String className, Map<String, DriverManagerCalls> driverManager) {
            super(Opcodes.ASM9, next);
            this.loader = loader;
            this.table = table;
            this.className = className;
            this.driverManager = driverManager;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            frames = (version & 0xFFFF) >= Opcodes.V1_7; // version 50 falls back to type inference without a frame
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public void visitSource(String source, String debug) {
            sourceFile = source;
            super.visitSource(source, debug);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            DriverManagerCalls dm = driverManager.get(name + descriptor);
            return new MethodVisitor(Opcodes.ASM9, mv) {
                private int line = -1;
                /** One id per line: every call on one line is one callsite. */
                private final Map<Integer, Integer> ids = dm != null ? new HashMap<>(dm.idByLine) : new HashMap<>();
                private boolean changed;
                /** Per DriverManager call: its try range's start, end and handler labels (null when left alone). */
                private Label[][] dmLabels;
                private int dmIndex;

                @Override
                public void visitCode() {
                    super.visitCode();
                    if (dm == null) {
                        return;
                    }
                    dmLabels = new Label[dm.ids.size()][];
                    for (int i = 0; i < dmLabels.length; i++) {
                        if (dm.ids.get(i) >= 0) {
                            dmLabels[i] = new Label[] {new Label(), new Label(), new Label()};
                            super.visitTryCatchBlock(dmLabels[i][0], dmLabels[i][1], dmLabels[i][2], null);
                        }
                    }
                }

                @Override
                public void visitLineNumber(int l, Label start) {
                    line = l;
                    super.visitLineNumber(l, start);
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String mname, String mdesc, boolean itf) {
                    if (dmLabels != null && isDriverManagerCall(opcode, owner, mname, mdesc) && dmIndex < dmLabels.length) {
                        Label[] labels = dmLabels[dmIndex];
                        int id = dm.ids.get(dmIndex++);
                        if (labels == null) {
                            super.visitMethodInsn(opcode, owner, mname, mdesc, itf);
                            return;
                        }
                        changed = true;
                        marked++;
                        super.visitLdcInsn(id);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "markDriverManager", "(I)V", false);
                        super.visitLabel(labels[0]);
                        super.visitMethodInsn(opcode, owner, mname, mdesc, itf);
                        super.visitLabel(labels[1]);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "unmarkDriverManager", "()V", false);
                        return;
                    }
                    int id = isDirectAcquisition(opcode, mname, mdesc) ? idFor(name, descriptor) : -1;
                    if (id < 0) {
                        super.visitMethodInsn(opcode, owner, mname, mdesc, itf);
                        return;
                    }
                    changed = true;
                    marked++;
                    super.visitInsn(Opcodes.DUP);
                    super.visitLdcInsn(id);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "markSite", "(Ljava/lang/Object;I)V", false);
                    super.visitMethodInsn(opcode, owner, mname, mdesc, itf);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "unmarkSite", "()V", false);
                }

                private int idFor(String method, String methodDescriptor) {
                    Integer known = ids.get(line);
                    if (known == null) {
                        known = table.declare(loader, className, method, methodDescriptor, sourceFile, line);
                        ids.put(line, known);
                    }
                    return known;
                }

                /**
                 * The handlers of the DriverManager calls, after the method's last instruction (which never
                 * falls through): tell the bridge which call threw, rethrow the same throwable. Their frame
                 * lists no locals (all unusable: always a valid frame) and the throwable.
                 */
                @Override
                public void visitMaxs(int maxStack, int maxLocals) {
                    boolean handlers = false;
                    for (int i = 0; dmLabels != null && i < dmLabels.length; i++) {
                        if (dmLabels[i] == null) {
                            continue;
                        }
                        handlers = true;
                        super.visitLabel(dmLabels[i][2]);
                        if (frames) {
                            super.visitFrame(Opcodes.F_FULL, 0, new Object[0], 1, new Object[] {"java/lang/Throwable"});
                        }
                        super.visitInsn(Opcodes.DUP);
                        super.visitLdcInsn(dm.ids.get(i));
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "driverManagerThrew", "(Ljava/lang/Throwable;I)V", false);
                        super.visitInsn(Opcodes.ATHROW);
                    }
                    int stack = changed ? maxStack + 2 : maxStack;
                    super.visitMaxs(handlers ? Math.max(stack, 3) : stack, maxLocals);
                }
            };
        }
    }
}
