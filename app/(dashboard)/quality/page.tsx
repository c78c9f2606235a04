import { Upcoming } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";

export default async function Page() {
  await pageContext();
  return (
    <Upcoming title="Quality">
      <p>Quality scores over time, split by model, prompt version, feature and tenant, will appear here.</p>
    </Upcoming>
  );
}
