package io.conntrack.instrumentation;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.tracking.SiteTable;
import java.util.HashMap;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Handle;
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
 * <p>{@code DriverManager.getConnection(..)} (the JDK's, not instrumented) becomes
 * <pre>  ldc id; invokestatic Bridge.markDriverManager(int)
 *  invokedynamic getConnection(..) [Bridge.driverManagerCall, id]
 *  invokestatic Bridge.unmarkDriverManager()</pre>
 * The call site links to the same call (found with the class's own lookup, so DriverManager sees the same
 * caller) wrapped in a method-handle handler that tells the bridge when it throws and rethrows the same
 * throwable: no exception table entry, frame or new method in the application's class, and the handler's
 * frames are hidden from stack traces. Needs class file version 51.
 *
 * <p>This happens only when the class is first defined, never by retransforming a class that already
 * runs: a method redefined while one of its frames is active loses that frame's file and line in
 * every stack trace the application prints.
 */
final class DirectCallMarker {

    private static final String BRIDGE = Type.getInternalName(Bridge.class);
    /** The bootstrap method of a marked {@code DriverManager.getConnection} call: {@link Bridge#driverManagerCall}. */
    private static final Handle DRIVER_MANAGER_CALL = new Handle(Opcodes.H_INVOKESTATIC, BRIDGE, "driverManagerCall",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;I)Ljava/lang/invoke/CallSite;",
            false);

    private DirectCallMarker() {
    }

    /** The class with its direct calls marked, or null when it has none (or the table is full). */
    static byte[] mark(byte[] bytes, ClassLoader loader, SiteTable table) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        Marking marking = new Marking(writer, loader, table, reader.getClassName().replace('/', '.'));
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

    private static final class Marking extends ClassVisitor {
        private final ClassLoader loader;
        private final SiteTable table;
        private final String className;
        private String sourceFile;
        /** invokedynamic needs class file version 51 (Java 7); older classes keep DriverManager calls as they are. */
        private boolean indy;
        int marked;

        Marking(ClassVisitor next, ClassLoader loader, SiteTable table, String className) {
            super(Opcodes.ASM9, next);
            this.loader = loader;
            this.table = table;
            this.className = className;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            indy = (version & 0xFFFF) >= Opcodes.V1_7;
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
            return new MethodVisitor(Opcodes.ASM9, mv) {
                private int line = -1;
                /** One id per line: every call on one line is one callsite. */
                private final Map<Integer, Integer> ids = new HashMap<>();
                private boolean changed;

                @Override
                public void visitLineNumber(int l, Label start) {
                    line = l;
                    super.visitLineNumber(l, start);
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String mname, String mdesc, boolean itf) {
                    if (indy && isDriverManagerCall(opcode, owner, mname, mdesc)) {
                        int id = idFor(name, descriptor);
                        if (id >= 0) {
                            changed = true;
                            marked++;
                            super.visitLdcInsn(id);
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "markDriverManager", "(I)V", false);
                            super.visitInvokeDynamicInsn(mname, mdesc, DRIVER_MANAGER_CALL, id);
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "unmarkDriverManager", "()V", false);
                            return;
                        }
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

                @Override
                public void visitMaxs(int maxStack, int maxLocals) {
                    super.visitMaxs(changed ? maxStack + 2 : maxStack, maxLocals);
                }
            };
        }
    }
}
