package io.conntrack.instrumentation;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.tracking.SiteTable;
import java.util.HashMap;
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

    private static final class Marking extends ClassVisitor {
        private final ClassLoader loader;
        private final SiteTable table;
        private final String className;
        private String sourceFile;
        int marked;

        Marking(ClassVisitor next, ClassLoader loader, SiteTable table, String className) {
            super(Opcodes.ASM9, next);
            this.loader = loader;
            this.table = table;
            this.className = className;
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
