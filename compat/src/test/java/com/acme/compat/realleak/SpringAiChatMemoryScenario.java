package com.acme.compat.realleak;

import com.acme.compat.harness.Probe;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import org.springframework.ai.chat.memory.repository.jdbc.JdbcChatMemoryRepository;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;

/**
 * Child JVM: Spring AI's JDBC chat memory over the application's HikariCP: {@link RealLeak#LEAKS}
 * repositories built from the DataSource (as each application context or tenant does), and
 * {@link RealLeak#HEALTHY} conversations saved and read back. Args: leaky|fixed.
 */
public final class SpringAiChatMemoryScenario {

    public static void main(String[] args) throws Exception {
        boolean fixed = RealLeakScenarios.fixed(args);
        try (HikariDataSource ds = RealLeakScenarios.pool()) {
            RealLeakScenarios.runScript(ds, "org/springframework/ai/chat/memory/repository/jdbc/schema-postgresql.sql",
                    "DROP TABLE IF EXISTS SPRING_AI_CHAT_MEMORY");
            JdbcChatMemoryRepository repository = null;
            for (int i = 0; i < RealLeak.LEAKS; i++) {
                repository = JdbcChatMemoryRepository.builder().dataSource(ds).build(); // the leaking release loses one here
            }
            for (int i = 0; i < RealLeak.HEALTHY / 2; i++) {
                String conversation = "conversation-" + i;
                repository.saveAll(conversation, List.of(new UserMessage("hello " + i)));
                List<Message> back = repository.findByConversationId(conversation);
                if (back.size() != 1) {
                    throw new IllegalStateException("read back " + back);
                }
            }
            RealLeakScenarios.finish("real leak SPRING_AI_CHAT_MEMORY", fixed, JdbcChatMemoryRepository.class);
        } catch (Exception | Error e) {
            e.printStackTrace();
            Probe.emit("error", e.toString());
        }
    }
}
