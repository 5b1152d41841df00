package io.conntrack.benchspring;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Visits. */
public interface VisitRepository extends JpaRepository<Visit, Long> {

    @Query("select v.pet.id, count(v) from Visit v group by v.pet.id")
    List<Object[]> countPerPet();
}
