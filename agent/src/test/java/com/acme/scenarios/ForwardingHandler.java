package com.acme.scenarios;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Forwards every call of a JDK dynamic proxy to a target, as interception frameworks do. */
public final class ForwardingHandler implements InvocationHandler {

    private final Object target;

    public ForwardingHandler(Object target) {
        this.target = target;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args); // HANDLER-FORWARDS
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
