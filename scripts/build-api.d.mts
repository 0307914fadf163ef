// Types of build-api.mjs for the TypeScript tests that import it.
export declare const apiBuildDirectory: string;
export declare const compiledServerPath: string;
export declare function buildApi(options?: { log?: (message: string) => void; outdir?: string }): Promise<void>;
export declare function apiBuildIsCurrent(): boolean;
export declare function ensureApiBuild(options?: { log?: (message: string) => void }): Promise<boolean>;
