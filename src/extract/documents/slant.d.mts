export declare const SLANT_DEG: number;
export declare function isSlanted(dx: number, dy: number): boolean;
export declare function slantedWarning(where: string, page: number, runs: number): string;
