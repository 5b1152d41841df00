package io.conntrack.benchspring;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Vets. */
public interface VetRepository extends JpaRepository<Vet, Long> {

    List<Vet> findByNameContainingIgnoreCase(String part);
}
