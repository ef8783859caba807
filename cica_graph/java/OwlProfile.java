// Checks that an ontology document is in the OWL 2 DL profile (OWL API).
// Usage: java -cp <owlapi jars>:<dir> OwlProfile FILE ; prints one violation per line,
// exits 0 when the ontology is OWL 2 DL, 1 when it is not, 2 when it cannot be read.
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OwlProfile {
    public static void main(String[] args) {
        try {
            OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
            OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
            OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
            for (OWLProfileViolation violation : report.getViolations()) {
                System.out.println(violation.toString().replace('\n', ' '));
            }
            System.exit(report.isInProfile() ? 0 : 1);
        } catch (Exception e) {
            System.err.println("cannot read " + args[0] + ": " + e);
            System.exit(2);
        }
    }
}
