import { ApiKeysSettings } from "@/components/settings/api-keys-settings";
import { pageContext } from "@/lib/auth/page-context";

export default async function ApiKeysPage() {
  await pageContext(); // the layout refuses other roles; the keys API checks `api_keys.manage`
  return <ApiKeysSettings />;
}
