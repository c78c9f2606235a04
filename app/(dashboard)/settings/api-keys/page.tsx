import { ApiKeysSettings } from "@/components/settings/api-keys-settings";
import { pageContext } from "@/lib/auth/page-context";
import { PageLoading } from "@/components/ui/page-loading";

async function ApiKeysPageContent() {
  await pageContext(); // the layout refuses other roles; the keys API checks `api_keys.manage`
  return <ApiKeysSettings />;
}

export default function ApiKeysPage() {
  return (
    <PageLoading>
      <ApiKeysPageContent />
    </PageLoading>
  );
}
