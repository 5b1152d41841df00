package io.conntrack.instrumentation;

import io.conntrack.bootstrap.Bridge;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Weaves the calls into {@link Bridge} straight into a class file, with ASM alone: what
 * {@link AcquireAdvice} and {@link CloseAdvice} do, without Byte Buddy's type descriptions (whose
 * first use loads some 700 classes: most of the agent's start-up). No method, field or class
 * format change, so retransformation works too. Per advised method:
 * <pre>
 *   acquisition:  token = Bridge.acquireEnter(this | null)
 *                 before each return:        dup; Bridge.acquireReturned(connection, token, kind)
 *                 catch-all around the body: Bridge.acquireThrew(thrown, token, kind); athrow
 *   close/abort:  at entry: Bridge.closed(this)
 * </pre>
 * A close is counted as it begins, before the pool can hand the connection to its next borrower
 * (whose acquisition would otherwise be counted while this one is still open: open counts above the
 * pool's maximum). It ends tracking however the close ends, as a close that throws does too.
 * The new local lives past the method's own locals; every stack map frame of the body gets it, so
 * the catch-all's frame (nothing but that local) holds wherever the body is. The Bridge methods
 * never throw; the calls are emitted inline, so whatever else is on the operand stack at a return
 * stays untouched.
 */
final class AdviceWeaver {

    private static final String BRIDGE = Type.getInternalName(Bridge.class);
    private static final String THROWABLE = "java/lang/Throwable";
    private static final int CLOSE = -1;

    private AdviceWeaver() {
    }

    /**
     * @param kinds {@link JdbcHierarchy} bits of the class; with {@code byName}, a class named like
     *              a DataSource that declares {@code Connection getConnection(..)} counts as one
     * @return the woven class file, or null when no method of it is advised
     */
    static byte[] weave(byte[] bytes, int kinds, boolean byName) {
        ClassReader reader = new ClassReader(bytes);
        Survey survey = new Survey(kinds, byName);
        reader.accept(survey, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        if (survey.maxLocals.isEmpty()) {
            return null;
        }
        // With the reader: the constant pool is kept, and unadvised methods are copied byte for byte.
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new Weaving(writer, survey.kinds(), survey.maxLocals), ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /**
     * What a method gets: a {@code Bridge.KIND_*} for an acquisition, {@link #CLOSE}, or 0. Mirrors
     * {@link JdbcMatchers}: implemented (not abstract, native or bridge) methods only.
     */
    static int adviceFor(int kinds, int access, String name, String descriptor) {
        if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) != 0 || name.startsWith("<")) {
            return 0;
        }
        Type[] args = Type.getArgumentTypes(descriptor);
        int sort = Type.getReturnType(descriptor).getSort();
        boolean returnsObject = sort == Type.OBJECT || sort == Type.ARRAY;
        if ((kinds & JdbcHierarchy.DRIVER) != 0 && name.equals("connect") && args.length == 2
                && args[0].getDescriptor().equals("Ljava/lang/String;") && returnsObject) {
            return Bridge.KIND_DRIVER;
        }
        if (name.equals("getConnection") && returnsObject) {
            if ((kinds & JdbcHierarchy.DATASOURCE) != 0 && (args.length == 0 || args.length == 2
                    && args[0].getDescriptor().equals("Ljava/lang/String;") && args[1].getDescriptor().equals("Ljava/lang/String;"))) {
                return Bridge.KIND_DATASOURCE;
            }
            if ((kinds & JdbcHierarchy.POOLED) != 0 && args.length == 0) {
                return Bridge.KIND_POOLED;
            }
        }
        if ((kinds & JdbcHierarchy.CONNECTION) != 0 && (access & Opcodes.ACC_STATIC) == 0
                && (name.equals("close") && args.length == 0
                    || name.equals("abort") && args.length == 1 && args[0].getDescriptor().equals("Ljava/util/concurrent/Executor;"))) {
            return CLOSE;
        }
        return 0;
    }

    /** First pass: which methods are advised, and how many locals each already has. */
    private static final class Survey extends ClassVisitor {
        private final int kinds;
        private final boolean byName;
        private boolean declaresConnectionGetter;
        private boolean isInterface;
        final Map<String, Integer> maxLocals = new HashMap<>();
        /** Methods advised only if the class turns out to declare a DataSource's getter (byName). */
        private final List<String> ifDataSource = new ArrayList<>();

        Survey(int kinds, boolean byName) {
            super(Opcodes.ASM9);
            this.kinds = kinds;
            this.byName = byName;
        }

        int kinds() {
            return declaresConnectionGetter ? kinds | JdbcHierarchy.DATASOURCE : kinds;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            if (isInterface) {
                return null; // default methods too: an implementation overrides or inherits them, advised there
            }
            if (byName && name.equals("getConnection") && descriptor.endsWith(")Ljava/sql/Connection;")) {
                declaresConnectionGetter = true;
            }
            String key = name + descriptor;
            if (adviceFor(kinds, access, name, descriptor) == 0) {
                if (!byName || adviceFor(kinds | JdbcHierarchy.DATASOURCE, access, name, descriptor) == 0) {
                    return null;
                }
                ifDataSource.add(key);
            }
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitMaxs(int maxStack, int locals) {
                    maxLocals.put(key, locals);
                }
            };
        }

        @Override
        public void visitEnd() {
            if (!declaresConnectionGetter) {
                maxLocals.keySet().removeAll(ifDataSource);
            }
        }
    }

    /** Second pass: rewrites the advised methods. */
    private static final class Weaving extends ClassVisitor {
        private final int kinds;
        private final Map<String, Integer> maxLocals;
        private boolean frames;

        Weaving(ClassVisitor next, int kinds, Map<String, Integer> maxLocals) {
            super(Opcodes.ASM9, next);
            this.kinds = kinds;
            this.maxLocals = maxLocals;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            frames = (version & 0xFFFF) >= Opcodes.V1_6; // older class files have no stack map frames
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            Integer locals = maxLocals.get(name + descriptor);
            int advice = adviceFor(kinds, access, name, descriptor);
            if (locals == null || advice == 0 || mv == null) {
                return mv;
            }
            if (advice == CLOSE) {
                return new CloseAtEntry(mv);
            }
            return new AdvisedMethod(mv, advice, (access & Opcodes.ACC_STATIC) != 0, locals, frames);
        }
    }

    /** {@code Bridge.closed(this)} first, then the method as it was: no local, no handler, no frame changes. */
    private static final class CloseAtEntry extends MethodVisitor {
        CloseAtEntry(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "closed", "(Ljava/lang/Object;)V", false);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, 1), maxLocals);
        }
    }

    private static final class AdvisedMethod extends MethodVisitor {
        private final int advice;
        private final boolean isStatic;
        private final int slot;
        private final Object slotType;
        private final boolean frames;
        private final Label bodyStart = new Label();
        private final Label bodyEnd = new Label();
        private final Label handler = new Label();

        AdvisedMethod(MethodVisitor next, int advice, boolean isStatic, int slot, boolean frames) {
            super(Opcodes.ASM9, next);
            this.advice = advice;
            this.isStatic = isStatic;
            this.slot = slot;
            this.slotType = advice == CLOSE ? "java/lang/Object" : Opcodes.LONG;
            this.frames = frames;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (advice == CLOSE) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitVarInsn(Opcodes.ASTORE, slot);
            } else {
                if (isStatic) {
                    super.visitInsn(Opcodes.ACONST_NULL);
                } else {
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                }
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "acquireEnter", "(Ljava/lang/Object;)J", false);
                super.visitVarInsn(Opcodes.LSTORE, slot);
            }
            super.visitLabel(bodyStart);
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            // Expanded frames (EXPAND_FRAMES): add the new local, after TOPs up to its slot.
            Object[] locals = new Object[slot + 1];
            int n = 0;
            int slots = 0;
            for (int i = 0; i < numLocal; i++) {
                locals[n++] = local[i];
                slots += local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE ? 2 : 1;
            }
            while (slots < slot) {
                locals[n++] = Opcodes.TOP;
                slots++;
            }
            locals[n++] = slotType;
            super.visitFrame(type, n, locals, numStack, stack);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                if (advice == CLOSE) {
                    super.visitVarInsn(Opcodes.ALOAD, slot);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "closed", "(Ljava/lang/Object;)V", false);
                } else if (opcode == Opcodes.ARETURN) {
                    super.visitInsn(Opcodes.DUP);
                    super.visitVarInsn(Opcodes.LLOAD, slot);
                    super.visitLdcInsn(advice);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "acquireReturned", "(Ljava/lang/Object;JI)V", false);
                }
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitLabel(bodyEnd);
            // Last in the exception table: the body's own handlers come first, as for a try/finally around it.
            // Visited after its labels, which ClassWriter (no COMPUTE_* flags) resolves when writing;
            // keep any adapter that needs the usual order out of this chain.
            super.visitTryCatchBlock(bodyStart, bodyEnd, handler, THROWABLE);
            super.visitLabel(handler);
            if (frames) {
                Object[] locals = new Object[slot + 1];
                Arrays.fill(locals, Opcodes.TOP);
                locals[slot] = slotType;
                super.visitFrame(Opcodes.F_NEW, slot + 1, locals, 1, new Object[] {THROWABLE});
            }
            if (advice == CLOSE) {
                super.visitVarInsn(Opcodes.ALOAD, slot);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "closed", "(Ljava/lang/Object;)V", false);
            } else {
                super.visitInsn(Opcodes.DUP);
                super.visitVarInsn(Opcodes.LLOAD, slot);
                super.visitLdcInsn(advice);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "acquireThrew", "(Ljava/lang/Throwable;JI)V", false);
            }
            super.visitInsn(Opcodes.ATHROW);
            super.visitMaxs(maxStack + 5, slot + 2);
        }
    }
}
