package io.conntrack.benchspring;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** GET /owners: every owner with their pets and visit counts, as JSON. */
@RestController
public class OwnerController {

    private final ClinicService clinic;

    public OwnerController(ClinicService clinic) {
        this.clinic = clinic;
    }

    @GetMapping("/owners")
    public List<ClinicService.OwnerView> owners() {
        return clinic.allOwners();
    }
}
