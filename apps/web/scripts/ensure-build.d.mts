export declare const webDirectory: string;
export declare function webBuildIsCurrent(): boolean;
export declare function ensureWebBuild(options?: { log?: (message: string) => void }): boolean;
