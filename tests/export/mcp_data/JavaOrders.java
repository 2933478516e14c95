// Prints, for each line of names on standard input (tab-separated), the iteration order of
// a new ConcurrentHashMap and of a new HashMap after putting every name in turn: the
// ground truth tests/export/test_mcp_tools.py compares naftiko_lint.export.mcp_java with.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public class JavaOrders {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(
                new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            Map<String, Integer> concurrent = new ConcurrentHashMap<>();
            Map<String, Integer> plain = new HashMap<>();
            String[] names = line.isEmpty() ? new String[0] : line.split("\t", -1);
            for (int i = 0; i < names.length; i++) {
                concurrent.put(names[i], i);
                plain.put(names[i], i);
            }
            System.out.println(String.join("\t", concurrent.keySet()) + "\u0001"
                    + String.join("\t", plain.keySet()));
        }
    }
}
